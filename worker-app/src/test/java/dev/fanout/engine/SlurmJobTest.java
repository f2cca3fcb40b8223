package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A job whose sub-jobs are real Slurm batch jobs, on the queue of the slurm pool. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlurmJobTest {

  @TempDir Path dir;

  private static void requireSlurm() {
    if (System.getenv("CI") != null) {
      assertThat(System.getenv("FANOUT_SLURM_PARTITION")).as("CI must start Slurm").isNotNull();
    }
    assumeTrue(
        System.getenv("FANOUT_SLURM_PARTITION") != null,
        "set FANOUT_SLURM_PARTITION after scripts/slurm.sh start");
  }

  @Test
  void slurmSubJobsRunThroughTheParentWorkflow() throws Exception {
    requireSlurm();
    Path script = dir.resolve("square.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "i=$(sed 's/[^0-9]//g' input.json)\n"
            + "echo \"squaring $i in job $SLURM_JOB_ID\"\n"
            + "[ \"$i\" = 3 ] && { echo 'no threes' >&2; exit 4; }\n"
            + "echo \"{\\\"value\\\": $((i * i))}\" > output.json\n");
    script.toFile().setExecutable(true);
    try (Engine engine = new Engine(dir, Map.of("range", Handlers.RANGE, "sum", Handlers.SUM))) {
      ObjectNode spec =
          Engine.spec("range", "unused", "sum", Json.MAPPER.createObjectNode().put("n", 5));
      spec.put("maxParallel", 3);
      ObjectNode task = spec.putObject("task").put("executor", "slurm");
      task.putArray("command").add(script.toString());
      task.putObject("resources").put("cpus", 1).put("memoryMb", 200).put("walltime", "PT2M");
      spec.putObject("failurePolicy").put("toleratedFailures", 1);

      JobResult result = engine.jobs.result(engine.jobs.submit(spec, "on-slurm")).join();

      assertThat(result.output().path("sum").asInt()).isEqualTo(0 + 1 + 4 + 16);
      var failed = engine.jobs.tasks("on-slurm", 0, 10, SubJobState.FAILED).tasks();
      assertThat(failed)
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.index()).isEqualTo(3);
                assertThat(t.error().type()).isEqualTo("NonZeroExit");
                assertThat(t.error().message()).contains("exit code 4", "no threes");
                assertThat(t.executorId()).startsWith("slurm:");
              });
      List<String> log = engine.logs.read("on-slurm", "task-000002", 0, 100);
      assertThat(log).anySatisfy(l -> assertThat(l).contains("squaring 2 in job "));
    }
  }

  /** The cluster here has one node: the multi-node path runs there as a one-node srun step. */
  @Test
  void aSubJobAskingForNodesRunsAsAnSrunStepOnThem() throws Exception {
    requireSlurm();
    Path script = dir.resolve("step.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "echo \"step ${SLURM_STEP_ID-none} of job $SLURM_JOB_ID on $SLURM_NNODES node(s)\"\n"
            + "[ -n \"$SLURM_STEP_ID\" ] && echo '{\"value\": 1}' > output.json\n");
    script.toFile().setExecutable(true);
    try (Engine engine = new Engine(dir, Map.of("range", Handlers.RANGE, "sum", Handlers.SUM))) {
      ObjectNode spec =
          Engine.spec("range", "unused", "sum", Json.MAPPER.createObjectNode().put("n", 2));
      ObjectNode task = spec.putObject("task").put("executor", "slurm");
      task.putArray("command").add(script.toString());
      task.putObject("resources")
          .put("nodes", 1)
          .put("cpus", 1)
          .put("memoryMb", 100)
          .put("walltime", "PT2M");

      JobResult result = engine.jobs.result(engine.jobs.submit(spec, "on-nodes")).join();

      assertThat(result.output().path("sum").asInt())
          .as("sub-jobs that ran as a step")
          .isEqualTo(2);
      List<String> log = engine.logs.read("on-nodes", "task-000001", 0, 100);
      assertThat(log).anySatisfy(l -> assertThat(l).contains("step 0 of job ", "on 1 node(s)"));
    }
  }
}
