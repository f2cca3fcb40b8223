package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.Invocations;
import dev.fanout.executor.docker.DockerEngine;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jobs whose invocations are containers on a real Docker engine, through the parent workflow. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerJobTest {

  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  @TempDir Path dir;

  @BeforeEach
  void needsAnEngine() throws Exception {
    DockerEngine.client().close();
  }

  @Test
  void mapperSubJobsAndReducerAllRunAsContainers() throws Exception {
    ObjectNode spec =
        (ObjectNode) Json.MAPPER.readTree(EXAMPLES.resolve("gc-content-docker.json").toFile());
    for (String part : List.of("mapper", "task", "reducer")) {
      ArrayNode mounts = Json.MAPPER.createArrayNode();
      spec.get(part)
          .get("mounts")
          .forEach(m -> mounts.add(EXAMPLES.getParent().resolve(m.asText()).toString()));
      ((ObjectNode) spec.get(part)).set("mounts", mounts);
    }
    try (Engine engine = new Engine(dir, Map.of())) {
      JobResult result = engine.jobs.result(engine.jobs.submit(spec, "all-containers")).join();

      assertThat(result.counts().succeeded()).isEqualTo(20);
      assertThat(result.output().path("caption").asText())
          .isEqualTo("2000 contigs, merged in a container");
      assertThat(result.output().path("rows").get(2).toString())
          .isEqualTo("[\"30-35\",436,726,\"########################################\"]");
      assertThat(engine.logs.read("all-containers", "mapper", 0, 100))
          .anySatisfy(l -> assertThat(l).endsWith("stdout 2000 contigs, 100 per sub-job"));
    }
  }

  @Test
  void maxParallelHoldsWithRealContainers() throws Exception {
    String script =
        "a=$(cut -d' ' -f1 /proc/uptime); sleep 2; b=$(cut -d' ' -f1 /proc/uptime);"
            + " echo \"{\\\"start\\\": $a, \\\"end\\\": $b}\" > /fanout/output.json";
    ObjectNode spec =
        Engine.spec("range", "unused", null, Json.MAPPER.createObjectNode().put("n", 20));
    ObjectNode task =
        spec.putObject("task").put("executor", "docker").put("image", DockerEngine.IMAGE);
    task.putArray("command").add("sh").add("-c").add(script);
    spec.put("maxParallel", 5);
    try (Engine engine = new Engine(dir, Map.of("range", Handlers.RANGE))) {
      JobResult result = engine.jobs.result(engine.jobs.submit(spec, "window-5")).join();

      List<double[]> intervals = new ArrayList<>();
      for (SubJobResult r : engine.results(result)) {
        intervals.add(
            new double[] {r.output().path("start").asDouble(), r.output().path("end").asDouble()});
      }
      assertThat(intervals).hasSize(20);
      assertThat(Invocations.mostAtOnce(intervals)).isEqualTo(5);
    }
  }
}
