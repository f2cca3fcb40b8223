package dev.fanout.executor.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.executor.InvocationException;
import dev.fanout.executor.Invocations;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.Resources;
import dev.fanout.workflow.Invocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reaches a batch script: directives from checked values only, every word quoted. */
class JobScriptTest {

  @TempDir Path root;

  private String render(FunctionRef function, SlurmSettings settings) throws Exception {
    Invocation invocation =
        Invocation.task("job-j", 0, "k", function, Json.MAPPER.createObjectNode());
    return JobScript.render(
        invocation,
        WorkDir.create(root, invocation, 1, Invocations.input(root)),
        settings,
        "fanout-task-000000-0123abcd");
  }

  private static FunctionRef function(
      List<String> command, String image, Map<String, String> env, Resources resources) {
    return new FunctionRef("slurm", null, image, command, null, env, null, null, resources);
  }

  @Test
  void resourcesAndSiteSettingsBecomeDirectives() throws Exception {
    SlurmSettings site =
        new SlurmSettings(
            List.of(),
            "debug",
            "m1234",
            "regular",
            "gpu&a100",
            SlurmSettings.ContainerRuntime.APPTAINER,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            Duration.ZERO,
            0,
            SlurmSettings.DEFAULT_MAX_ARRAY_SIZE,
            null);

    String script =
        render(
            function(
                List.of("kallisto", "quant"),
                null,
                null,
                new Resources(8, 16_000, 1, Duration.ofMinutes(90).plusSeconds(1))),
            site);

    assertThat(script)
        .contains(
            "#SBATCH --cpus-per-task=8\n",
            "#SBATCH --mem=16000M\n",
            "#SBATCH --gpus=1\n",
            "#SBATCH --time=91\n",
            "#SBATCH --partition=debug\n",
            "#SBATCH --account=m1234\n",
            "#SBATCH --qos=regular\n",
            "#SBATCH --constraint=gpu&a100\n",
            "'kallisto' 'quant'\n");
  }

  @Test
  void aSubJobOnSeveralNodesAsksForThemAndLaunchesItsCommandOnEachWithSrun() throws Exception {
    String script =
        render(
            function(
                List.of("mhm2", "-r", "reads.fq"),
                null,
                null,
                new Resources(4, 8_000, null, null, null, 3)),
            SlurmSettings.DEFAULT);

    assertThat(script)
        .contains("#SBATCH --nodes=3\n", "#SBATCH --cpus-per-task=4\n", "#SBATCH --mem=8000M\n")
        .contains("'mhm2' '-r' 'reads.fq'\n")
        .containsPattern("\n  srun --nodes=3 --ntasks=3 --cpus-per-task=4 /usr/bin/time -o '[^']+'")
        .contains("else\n  srun --nodes=3 --ntasks=3 --cpus-per-task=4 \"$@\"\nfi\n");

    String oneNode =
        render(
            function(List.of("megahit"), null, null, new Resources(2, null, null, null)),
            SlurmSettings.DEFAULT);
    assertThat(oneNode).doesNotContain("srun", "--nodes");
  }

  @Test
  void anImageRunsInTheContainerRuntimeWithTheWorkDirectoryAtFanout() throws Exception {
    String script =
        render(
            function(List.of("salmon", "quant"), "docker://combinelab/salmon:1.10.3", null, null),
            SlurmSettings.DEFAULT);

    assertThat(script)
        .containsPattern("'apptainer' 'exec' '--bind' '[^']+:/fanout' '--pwd' '/fanout'")
        .contains("'docker://combinelab/salmon:1.10.3' 'salmon' 'quant'")
        .contains("export FANOUT_WORK_DIR='/fanout'");

    String shifter =
        render(
            function(List.of("salmon", "quant"), "docker:combinelab/salmon:1.10.3", null, null),
            new SlurmSettings(
                List.of(),
                null,
                null,
                null,
                null,
                SlurmSettings.ContainerRuntime.SHIFTER,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                Duration.ZERO,
                0,
                SlurmSettings.DEFAULT_MAX_ARRAY_SIZE,
                null));
    assertThat(shifter)
        .containsPattern(
            "'shifter' '--image=docker:combinelab/salmon:1.10.3' '--volume=[^']+:/fanout'"
                + " '--workdir=/fanout' 'salmon' 'quant'");
  }

  @Test
  void aRelativeProgramIsTakenFromTheWorkersDirectoryNotTheWorkDirectory() throws Exception {
    String script =
        render(
            function(List.of("examples/slurm-rnaseq/quant.sh", "a/b"), null, null, null),
            SlurmSettings.DEFAULT);

    assertThat(script)
        .contains(
            "set -- '" + Path.of("examples/slurm-rnaseq/quant.sh").toAbsolutePath() + "' 'a/b'\n");
  }

  @Test
  void commandWordsAndEnvironmentValuesAreQuotedWhateverTheyHold() throws Exception {
    String script =
        render(
            function(
                List.of("echo", "a'b; rm -rf / $(x)\n#SBATCH --x"),
                null,
                Map.of("SAMPLE", "x'; reboot #"),
                null),
            SlurmSettings.DEFAULT);

    assertThat(script)
        .contains("'echo' 'a'\\''b; rm -rf / $(x)\n#SBATCH --x'")
        .contains("export SAMPLE='x'\\''; reboot #'");
    // The only directives are the ones Fanout wrote, all before the first command.
    String header = script.substring(0, script.indexOf("export"));
    assertThat(header.lines().filter(l -> l.startsWith("#SBATCH")))
        .allMatch(l -> l.matches("#SBATCH --(job-name|output|error|chdir)=.*"));
  }

  @Test
  void valuesThatCouldBreakOutAreRefusedByName() {
    assertThatThrownBy(
            () ->
                render(
                    function(List.of("true"), null, Map.of("A;B", "1"), null),
                    SlurmSettings.DEFAULT))
        .isInstanceOf(InvocationException.class)
        .hasMessageContaining("env")
        .hasMessageContaining("'A;B' is not a variable name");
    assertThatThrownBy(
            () ->
                render(function(List.of("true"), "img; reboot", null, null), SlurmSettings.DEFAULT))
        .hasMessageContaining("image");
    assertThatThrownBy(() -> render(function(List.of(), null, null, null), SlurmSettings.DEFAULT))
        .hasMessageContaining("command");
    assertThatThrownBy(
            () ->
                new SlurmSettings(
                    List.of(),
                    "debug\n#SBATCH --uid=0",
                    null,
                    null,
                    null,
                    SlurmSettings.ContainerRuntime.APPTAINER,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    Duration.ZERO,
                    0,
                    SlurmSettings.DEFAULT_MAX_ARRAY_SIZE,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("slurm-partition: ");
    assertThatThrownBy(
            () ->
                new SlurmSettings(
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    SlurmSettings.ContainerRuntime.APPTAINER,
                    Duration.ofSeconds(1),
                    Duration.ZERO,
                    Duration.ZERO,
                    0,
                    SlurmSettings.DEFAULT_MAX_ARRAY_SIZE,
                    null))
        .hasMessage("slurm-command-timeout-seconds: must be at least 1, was 0");
  }
}
