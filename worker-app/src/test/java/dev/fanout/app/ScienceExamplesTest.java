package dev.fanout.app;

import static dev.fanout.app.FanoutCliTest.requireTool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.bench.ScienceExample;
import dev.fanout.app.bench.SequentialRun;
import dev.fanout.job.JobSpecParser;
import dev.fanout.job.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The science examples as their READMEs run them ({@code fanout run SPEC}), at a reduced size, on
 * the real tools from Debian's packages, each result checked against what its simulation planted.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScienceExamplesTest {

  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  /** The genes cobra's own tests find essential in the textbook model on its glucose medium. */
  private static final Set<String> TEXTBOOK_ESSENTIAL =
      Set.of("b0720", "b1136", "b1779", "b2415", "b2416", "b2779", "b2926");

  @TempDir Path dir;

  /** {@code fanout run} of the example's spec against data in {@code data}: the job's result. */
  private JsonNode run(ScienceExample example, String spec, Path data, String... options)
      throws Exception {
    Path file = dir.resolve(example.story() + "-" + spec);
    Files.writeString(file, example.spec(spec, data).toString());
    return runSpec(file, options);
  }

  /** {@code fanout run} of a spec file: the job's result. */
  private JsonNode runSpec(Path file, String... options) throws Exception {
    List<String> line =
        new ArrayList<>(
            List.of(
                "run", file.toString(), "--format", "json", "--home", dir.resolve("home") + ""));
    line.addAll(List.of(options));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FanoutCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(line.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    return Json.MAPPER.readTree(out.toString());
  }

  private static List<JsonNode> rows(JsonNode result) {
    return StreamSupport.stream(result.path("output").path("rows").spliterator(), false).toList();
  }

  @Test
  void assemblyRecoversEverySimulatedGenomeWithMegahit() throws Exception {
    requireTool("megahit");
    requireTool("art_illumina");
    ScienceExample assembly = new ScienceExample(EXAMPLES, "assembly");
    Path data = dir.resolve("data");
    assembly.simulate(data, "--genomes", "2", "--min-kb", "30", "--max-kb", "40");

    JsonNode result = run(assembly, "process.json", data);

    assertThat(rows(result))
        .extracting(r -> r.get(0).asText())
        .containsExactly("genome001", "genome002");
    for (JsonNode genome : rows(result)) {
      // Each genome's two copies of a 2 kb repeat may break it, but no more than that.
      assertThat(genome.get(2).asInt()).as("contigs").isBetween(1, 5);
      assertThat(genome.get(6).asDouble()).as("genome %").isGreaterThan(97);
    }
    assertThat(result.path("output").path("caption").asText())
        .startsWith("2 genomes assembled by megahit");
  }

  @Test
  void rnaseqFindsThePlantedGenesWithKallistoAndWithSalmon() throws Exception {
    requireTool("kallisto");
    requireTool("salmon");
    ScienceExample rnaseq = new ScienceExample(EXAMPLES, "rnaseq");
    Path data = dir.resolve("data");
    rnaseq.simulate(data, "--replicates", "4", "--reads", "100000");

    for (String spec : List.of("process.json", "salmon.json")) {
      JsonNode result = run(rnaseq, spec, data);

      assertThat(changedGenes(result)).as(spec).isEqualTo(plantedGenes());
      JsonNode matrix = result.path("output").path("matrix");
      assertThat(matrix.path("samples")).hasSize(8);
      assertThat(matrix.path("genes")).hasSize(150);
      assertThat(matrix.path("counts").get(0)).hasSize(8);
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void rnaseqFindsThePlantedGenesWithKallistoAsSlurmJobs() throws Exception {
    requireTool("kallisto");
    String partition = System.getenv("FANOUT_SLURM_PARTITION");
    if (System.getenv("CI") != null) {
      assertThat(partition).as("CI must start Slurm (scripts/slurm.sh start)").isNotNull();
    }
    assumeTrue(partition != null, "set FANOUT_SLURM_PARTITION after scripts/slurm.sh start");
    ScienceExample rnaseq = new ScienceExample(EXAMPLES, "rnaseq");
    Path data = dir.resolve("data");
    rnaseq.simulate(data, "--replicates", "4", "--reads", "100000");

    JsonNode result =
        run(
            rnaseq,
            "slurm.json",
            data,
            "--id",
            "rnaseq-slurm",
            "--slurm-partition",
            partition,
            "--slurm-poll-seconds",
            "1");

    assertThat(changedGenes(result)).isEqualTo(plantedGenes());
    assertThat(result.path("output").path("caption").asText())
        .contains("between 4 control and 4 treated samples (kallisto; 800000 reads");
    Path home = dir.resolve("home");
    assertThat(Files.readString(home.resolve("logs/rnaseq-slurm/task-000000.log")))
        .contains("submitted Slurm job")
        .contains("placed by kallisto on 2 threads");
    StringWriter suggest = new StringWriter();
    CommandLine cli = FanoutCommand.commandLine();
    cli.setOut(new PrintWriter(suggest, true));
    cli.execute("resources", "suggest", "kallisto-quant", "--home", home.toString());
    assertThat(suggest.toString()).startsWith("slurm:kallisto-quant: 8 runs, 8 completed");
  }

  /** The simulation makes g001-g020 8x more expressed in the treated samples, g021-g030 4x less. */
  private static Set<String> plantedGenes() {
    Set<String> planted = new TreeSet<>();
    IntStream.rangeClosed(1, 30)
        .forEach(g -> planted.add(String.format("g%03d %s", g, g <= 20 ? "up" : "down")));
    return planted;
  }

  private static Set<String> changedGenes(JsonNode result) {
    Set<String> changed = new TreeSet<>();
    for (JsonNode row : rows(result)) {
      changed.add(row.get(0).asText() + " " + row.get(row.size() - 1).asText());
    }
    return changed;
  }

  @Test
  void contigSearchFindsThePlantedProteinFamiliesWithDiamond() throws Exception {
    requireTool("diamond");
    ScienceExample search = new ScienceExample(EXAMPLES, "contig-search");
    Path data = dir.resolve("data");
    search.simulate(data, "--contigs", "200", "--families", "20", "--decoys", "2000");

    JsonNode result = run(search, "process.json", data);

    List<JsonNode> contigs = rows(result);
    assertThat(contigs).hasSize(200);
    long found = contigs.stream().filter(r -> r.get(6).asText().equals("yes")).count();
    assertThat(found).as("contigs whose best hit is their planted family").isGreaterThan(190);
    assertThat(contigs).noneMatch(r -> r.get(2).asText().startsWith("decoy"));
    assertThat(result.path("output").path("caption").asText()).endsWith("2 sub-jobs)");
  }

  /**
   * The same search with every part a container of the bio-tools image (scripts/images.sh), on the
   * Docker engine .ci/run starts: the examples and the data mounted where the spec and the
   * sub-jobs' params name them.
   */
  @Test
  void contigSearchRunsAsContainersOfTheBioToolsImage() throws Exception {
    String dockerHost = System.getenv("FANOUT_DOCKER_HOST");
    if (System.getenv("CI") != null) {
      assertThat(dockerHost).as("CI must start the Docker engine").isNotNull();
    }
    assumeTrue(dockerHost != null, "FANOUT_DOCKER_HOST is not set; skipping");
    ScienceExample search = new ScienceExample(EXAMPLES, "contig-search");
    Path data = dir.resolve("data");
    search.simulate(data, "--contigs", "200", "--families", "20", "--decoys", "2000");
    ObjectNode spec = search.spec("docker.json", data);
    for (String part : List.of("mapper", "task", "reducer")) {
      ((ObjectNode) spec.get(part))
          .putArray("mounts")
          .add(EXAMPLES + ":/examples")
          .add(data.toAbsolutePath() + ":" + data.toAbsolutePath());
    }
    Path file = dir.resolve("contig-search-docker.json");
    Files.writeString(file, spec.toString());

    JsonNode result = runSpec(file, "--docker-host", dockerHost);

    List<JsonNode> contigs = rows(result);
    assertThat(contigs).hasSize(200);
    assertThat(contigs.stream().filter(r -> r.get(6).asText().equals("yes")).count())
        .isGreaterThan(190);
  }

  @Test
  void fbaFindsTheTextbookModelsKnownEssentialGenes() throws Exception {
    requireCobra();
    ScienceExample fba = new ScienceExample(EXAMPLES, "fba");
    Path data = dir.resolve("data");
    fba.simulate(data, "--media", "2");

    JsonNode result = run(fba, "process.json", data);

    JsonNode glucose = rows(result).get(0);
    assertThat(glucose.get(0).asText()).isEqualTo("m00");
    assertThat(glucose.get(2).asDouble()).as("wild-type growth /h").isBetween(0.87, 0.88);
    assertThat(Set.of(glucose.get(4).asText().split(" "))).isEqualTo(TEXTBOOK_ESSENTIAL);
    JsonNode growth = result.path("output").path("growth");
    assertThat(growth.path("m00")).hasSize(138);
    assertThat(growth.path("m01")).hasSize(138);
  }

  /** The bench's baseline must compute what Fanout computes, or its speed-up means nothing. */
  @Test
  void theSequentialBaselineGivesTheResultFanoutGives() throws Exception {
    requireCobra();
    ScienceExample fba = new ScienceExample(EXAMPLES, "fba");
    Path data = dir.resolve("data");
    fba.simulate(data, "--media", "3");
    ObjectNode spec = fba.spec("process.json", data);

    SequentialRun sequential = SequentialRun.of(JobSpecParser.parse(spec), dir.resolve("seq"));

    assertThat(sequential.subJobs()).isEqualTo(2);
    assertThat(sequential.output()).isEqualTo(run(fba, "process.json", data).get("output"));
  }

  /** python3-cobra is a module of Debian's python3, which the FBA scripts name. */
  private static void requireCobra() throws Exception {
    Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import cobra").start();
    boolean present = probe.waitFor() == 0;
    if (System.getenv("CI") != null) {
      assertThat(present).as("python3-cobra must be installed in CI (.ci/run)").isTrue();
    }
    assumeTrue(present, "python3-cobra is not installed; skipping");
  }
}
