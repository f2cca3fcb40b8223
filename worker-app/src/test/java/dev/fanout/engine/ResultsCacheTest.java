package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import dev.fanout.cache.CacheEntries;
import dev.fanout.executor.docker.DockerEngine;
import dev.fanout.executor.java.HandlerContext;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.CacheOrigin;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results cache on real executors: a process sub-job appends its key to a side file each time
 * it really runs, so each re-run counts what ran and what was reused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResultsCacheTest {

  /** Sub-jobs are the input's {@code items}, in order. */
  static final JavaHandler ITEMS =
      (input, context) -> {
        ArrayNode subJobs = Json.MAPPER.createArrayNode();
        int i = 0;
        for (JsonNode item : input.path("items")) {
          subJobs.addObject().put("key", "item-" + i++).set("params", item);
        }
        return subJobs;
      };

  /** Every sub-job's output, in index order: a reducer whose output shows any change. */
  static final JavaHandler OUTPUTS =
      (input, context) -> {
        ArrayNode outputs = Json.MAPPER.createArrayNode();
        context.results().forEach(r -> outputs.add(r.state() + " " + r.output()));
        return Json.MAPPER.createObjectNode().set("outputs", outputs);
      };

  @TempDir Path dir;
  private Path runs;
  private Path script;

  @BeforeEach
  void script() throws IOException {
    runs = dir.resolve("runs.txt");
    Files.createFile(runs);
    script = dir.resolve("echo.sh");
    writeScript("");
  }

  private void writeScript(String extra) throws IOException {
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "echo \"$FANOUT_TASK_KEY\" >> \"$RUNS\"\n"
            + "if grep -q '\"fail\"' input.json && [ -e \"$FAIL_FLAG\" ]; then exit 3; fi\n"
            + "printf '{\"echo\": %s, \"n\": %s}' \"$(cat input.json)\" \"$(wc -c < input.json)\""
            + " > output.json\n"
            + extra);
    script.toFile().setExecutable(true);
  }

  private ObjectNode spec(String owner, JsonNode... items) {
    ObjectNode input = Json.MAPPER.createObjectNode();
    input.putArray("items").addAll(List.of(items));
    ObjectNode spec = Engine.spec("items", "unused", "outputs", input);
    spec.put("owner", owner);
    ObjectNode task = spec.putObject("task").put("executor", "process");
    task.putArray("command").add(script.toString());
    task.putObject("env")
        .put("RUNS", runs.toString())
        .put("FAIL_FLAG", dir.resolve("fail").toString());
    return spec;
  }

  private static ObjectNode item(int i) {
    return Json.MAPPER.createObjectNode().put("i", i);
  }

  private static ObjectNode file(Path file) {
    return Json.MAPPER.createObjectNode().put("file", file.toString());
  }

  /** Runs the job and returns the keys of the sub-jobs that really ran, in no order. */
  private List<String> run(Engine engine, ObjectNode spec, String jobId, boolean resume)
      throws IOException {
    List<String> before = Files.readAllLines(runs);
    ObjectNode submitted = spec.deepCopy();
    if (resume) {
      submitted.put("resume", true);
    }
    results.put(jobId, engine.jobs.result(engine.jobs.submit(submitted, jobId)).join());
    List<String> after = Files.readAllLines(runs);
    return after.subList(before.size(), after.size());
  }

  private final Map<String, JobResult> results = new java.util.HashMap<>();

  private Engine engine() {
    return new Engine(dir, Map.of("items", ITEMS, "outputs", OUTPUTS));
  }

  @Test
  void anUnchangedReRunRunsNothingAndGivesTheSameResult() throws Exception {
    try (Engine engine = engine()) {
      ObjectNode spec = spec("ann", item(0), item(1), item(2));

      assertThat(run(engine, spec, "first", false)).hasSize(3);
      assertThat(run(engine, spec, "again", false))
          .as("without resume, reuse is never silent")
          .hasSize(3);
      assertThat(run(engine, spec, "resumed", true)).isEmpty();

      JobResult first = results.get("first");
      JobResult resumed = results.get("resumed");
      assertThat(resumed.counts().cached()).isEqualTo(3);
      assertThat(resumed.counts().succeeded()).isZero();
      assertThat(Json.MAPPER.writeValueAsString(resumed.output()))
          .as("the reducer's results are the same outputs, so its own output is reused")
          .isEqualTo(Json.MAPPER.writeValueAsString(first.output()));
      List<SubJobResult> reused = engine.results(resumed);
      assertThat(reused)
          .allSatisfy(
              r -> {
                assertThat(r.state()).isEqualTo(SubJobState.CACHED);
                assertThat(r.cachedFrom()).isEqualTo(new CacheOrigin("again", r.index()));
              });
      assertThat(reused)
          .extracting(SubJobResult::output)
          .containsExactlyElementsOf(engine.results(first).stream().map(r -> r.output()).toList());
      assertThat(engine.jobs.tasks("resumed", 0, 10, SubJobState.CACHED).tasks()).hasSize(3);
      assertThat(engine.jobs.progress("resumed").summary()).endsWith("3 cached");
    }
  }

  @Test
  void onlyWhatChangedRuns() throws Exception {
    try (Engine engine = engine()) {
      assertThat(run(engine, spec("bo", item(0), item(1), item(2)), "base", false)).hasSize(3);

      assertThat(run(engine, spec("bo", item(0), item(7), item(2)), "param", true))
          .containsExactly("item-1");

      writeScript("# a new version of the program\n");
      assertThat(run(engine, spec("bo", item(0), item(7), item(2)), "program", true))
          .as("a changed program runs everything again")
          .hasSize(3);

      assertThat(run(engine, spec("other-owner", item(0), item(7), item(2)), "owner", true))
          .as("one owner never reuses another's outputs")
          .hasSize(3);
    }
  }

  @Test
  void aMapperAndAReducerRunOnlyWhenTheirInputChanged() throws Exception {
    Path mapper = dir.resolve("map.sh");
    Path reducer = dir.resolve("reduce.sh");
    // The mapper's input is its sub-jobs; the reducer's output is everything it was given, times
    // and attempts included, so only a reused output can be byte for byte the same.
    Files.writeString(mapper, "#!/bin/sh\necho mapper >> \"$RUNS\"\ncp input.json output.json\n");
    Files.writeString(reducer, "#!/bin/sh\necho reducer >> \"$RUNS\"\ncp input.json output.json\n");
    mapper.toFile().setExecutable(true);
    reducer.toFile().setExecutable(true);
    try (Engine engine = engine()) {
      ObjectNode spec = spec("hal");
      ArrayNode subJobs = spec.putArray("input");
      subJobs.addObject().put("key", "a").set("params", item(0));
      subJobs.addObject().put("key", "b").set("params", item(1));
      spec.set("mapper", processFunction(mapper));
      spec.set("reducer", processFunction(reducer));

      assertThat(run(engine, spec, "whole", false))
          .containsExactlyInAnyOrder("mapper", "a", "b", "reducer");
      assertThat(run(engine, spec, "unchanged", true)).as("nothing at all runs").isEmpty();
      engine.record("unchanged", "resumed-mapper-reducer");
      assertThat(Json.MAPPER.writeValueAsString(results.get("unchanged").output()))
          .isEqualTo(Json.MAPPER.writeValueAsString(results.get("whole").output()));
      assertThat(String.join("\n", engine.logs.tail("unchanged", "mapper", 10)))
          .contains("reused the output of job whole's mapper from the results cache");

      subJobs.addObject().put("key", "c").set("params", item(2));
      assertThat(run(engine, spec, "one-more", true))
          .as("a new input runs the mapper, the new sub-job, and the reducer of new results")
          .containsExactlyInAnyOrder("mapper", "c", "reducer");

      Files.writeString(reducer, "# a new reducer\n", StandardOpenOption.APPEND);
      assertThat(run(engine, spec, "new-reducer", true)).containsExactly("reducer");
    }
  }

  private ObjectNode processFunction(Path program) {
    ObjectNode function = Json.MAPPER.createObjectNode().put("executor", "process");
    function.putArray("command").add(program.toString());
    function.putObject("env").put("RUNS", runs.toString());
    return function;
  }

  @Test
  void aJobWithTheCacheOffKeepsNothing() throws Exception {
    try (Engine engine = engine()) {
      ObjectNode off = spec("ivy", item(0), item(1));
      off.putObject("cache").put("mode", "off");
      assertThat(run(engine, off, "off", false)).hasSize(2);
      assertThat(engine.blobs.keys("cache/")).isEmpty();

      assertThat(run(engine, spec("ivy", item(0), item(1)), "after-off", true))
          .as("nothing was kept to reuse")
          .hasSize(2);
      assertThat(engine.blobs.keys("cache/")).isNotEmpty();
    }
  }

  @Test
  void lenientModeReRunsATouchedFileAndDeepModeOnlyAChangedOne() throws Exception {
    Path a = Files.writeString(dir.resolve("a.txt"), "alpha");
    Path b = Files.writeString(dir.resolve("b.txt"), "beta");
    try (Engine engine = engine()) {
      ObjectNode lenient = spec("cy", file(a), file(b));
      ObjectNode deep = spec("cy", file(a), file(b));
      deep.putObject("cache").put("mode", "deep").putArray("inputFiles").add("file");
      assertThat(run(engine, lenient, "lenient", false)).hasSize(2);
      assertThat(run(engine, deep, "deep", false)).hasSize(2);

      Files.setLastModifiedTime(a, FileTime.from(Instant.now().plusSeconds(60)));
      assertThat(run(engine, lenient, "lenient-touched", true)).containsExactly("item-0");
      assertThat(run(engine, deep, "deep-touched", true))
          .as("deep: the same content, nothing to run")
          .isEmpty();

      Files.writeString(b, "BETA");
      assertThat(run(engine, deep, "deep-changed", true)).containsExactly("item-1");
    }
  }

  @Test
  void aFailedSubJobIsNeverReused() throws Exception {
    Files.createFile(dir.resolve("fail"));
    try (Engine engine = engine()) {
      ObjectNode failing = Json.MAPPER.createObjectNode().put("fail", true);
      ObjectNode spec = spec("di", item(0), failing, item(2));
      spec.putObject("failurePolicy").put("toleratedFailures", 1);
      assertThat(run(engine, spec, "failed", false)).hasSize(3);
      assertThat(results.get("failed").counts().failed()).isEqualTo(1);

      Files.delete(dir.resolve("fail"));
      assertThat(run(engine, spec, "redone", true)).containsExactly("item-1");
      assertThat(results.get("redone").counts().cached()).isEqualTo(2);
      assertThat(results.get("redone").counts().succeeded()).isEqualTo(1);
    }
  }

  @Test
  void aJavaHandlerOfAnotherVersionRunsEverythingAgain() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    AtomicReference<String> version = new AtomicReference<>("1.0");
    JavaHandler square =
        new JavaHandler() {
          @Override
          public JsonNode handle(JsonNode params, HandlerContext context) {
            ran.incrementAndGet();
            int i = params.path("i").asInt();
            return Json.MAPPER.createObjectNode().put("value", i * i);
          }

          @Override
          public String version() {
            return version.get();
          }
        };
    try (Engine engine =
        new Engine(dir, Map.of("items", ITEMS, "square", square, "outputs", OUTPUTS))) {
      ObjectNode input = Json.MAPPER.createObjectNode();
      input.putArray("items").add(item(1)).add(item(2)).add(item(3));
      ObjectNode spec = Engine.spec("items", "square", "outputs", input);

      JobResult first = engine.jobs.result(engine.jobs.submit(spec, "v1")).join();
      spec.put("resume", true);
      JobResult same = engine.jobs.result(engine.jobs.submit(spec, "v1-again")).join();
      assertThat(ran).hasValue(3);
      assertThat(same.output().toString()).isEqualTo(first.output().toString());
      assertThat(same.counts().cached()).isEqualTo(3);
      engine.record("v1-again", "resumed");

      version.set("2.0");
      JobResult next = engine.jobs.result(engine.jobs.submit(spec, "v2")).join();
      assertThat(ran).hasValue(6);
      assertThat(next.counts().succeeded()).isEqualTo(3);
    }
  }

  @Test
  void anImageRebuiltUnderTheSameTagRunsEverythingAgain() throws Exception {
    String tag = "fanout-test/resume-cache:1";
    try (DockerClient docker = DockerEngine.client();
        Engine engine = engine()) {
      String first = build(docker, tag);
      ObjectNode spec = spec("fay", item(0), item(1));
      ObjectNode task = spec.putObject("task").put("executor", "docker").put("image", tag);
      task.putArray("command")
          .add("sh")
          .add("-c")
          .add("cat /fanout/input.json > /fanout/output.json");
      try {
        run(engine, spec, "built", false);
        assertThat(results.get("built").counts().succeeded()).isEqualTo(2);
        run(engine, spec, "same-image", true);
        assertThat(results.get("same-image").counts().cached()).isEqualTo(2);

        build(docker, tag);
        run(engine, spec, "rebuilt", true);
        assertThat(results.get("rebuilt").counts().cached()).isZero();
        assertThat(results.get("rebuilt").counts().succeeded()).isEqualTo(2);
      } finally {
        // The first build lost its tag to the second: remove it by id, or it stays dangling.
        docker.removeImageCmd(tag).withForce(true).exec();
        docker.removeImageCmd(first).withForce(true).exec();
      }
    }
  }

  @Test
  void aBatchJobRunsAgainOnlyWhenItsCommandChanged() throws Exception {
    assumeTrue(
        System.getenv("FANOUT_SLURM_PARTITION") != null,
        "set FANOUT_SLURM_PARTITION after scripts/slurm.sh start");
    try (Engine engine = engine()) {
      ObjectNode spec = spec("gil", item(0), item(1));
      ObjectNode task = (ObjectNode) spec.get("task");
      task.put("executor", "slurm");
      task.putObject("resources").put("cpus", 1).put("memoryMb", 100).put("walltime", "PT2M");

      assertThat(run(engine, spec, "batch", false)).hasSize(2);
      assertThat(run(engine, spec, "batch-again", true)).isEmpty();
      writeScript("# changed\n");
      assertThat(run(engine, spec, "batch-changed", true)).hasSize(2);
    }
  }

  /** A new image under {@code tag}, its id: the test image committed afresh, so its id is new. */
  private static String build(DockerClient docker, String tag) {
    String container = docker.createContainerCmd(DockerEngine.IMAGE).withCmd("true").exec().getId();
    try {
      String[] repoTag = tag.split(":");
      return docker
          .commitCmd(container)
          .withRepository(repoTag[0])
          .withTag(repoTag[1])
          .withLabels(Map.of("built", String.valueOf(System.nanoTime())))
          .exec();
    } finally {
      docker.removeContainerCmd(container).withForce(true).exec();
    }
  }

  @Test
  void cleanDropsAJobsEntriesAndOldOnes() throws Exception {
    try (Engine engine = engine()) {
      run(engine, spec("ed", item(0), item(1)), "kept", false);
      run(engine, spec("ed", item(2)), "dropped", false);
      CacheEntries entries = new CacheEntries(engine.blobs);

      assertThat(entries.dropJob("dropped")).as("its sub-job, mapper and reducer").isEqualTo(3);
      assertThat(run(engine, spec("ed", item(0), item(1), item(2)), "after", true))
          .containsExactly("item-2");
      assertThat(entries.dropOlderThan(Instant.now().plusSeconds(1)))
          .as("kept's two sub-jobs, after's one, and each job's mapper and reducer")
          .isEqualTo(7);
      assertThat(engine.blobs.keys("cache/")).as("a mapper's output goes with its entry").isEmpty();
      assertThat(run(engine, spec("ed", item(0)), "none-left", true)).hasSize(1);
    }
  }
}
