package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.job.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Node backend's path without the HTTP API: Temporal's TypeScript client (npm
 * {@code @temporalio/client}) starts {@code ParallelJob} by name on a dev server with a plain JSON
 * spec, reads the {@code progress} query and the result. The client is examples/clients/typescript;
 * .ci/run installs its packages.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TypeScriptClientTest {

  private static final Path CLIENT = Path.of("../examples/clients/typescript").toAbsolutePath();

  @TempDir Path home;

  @Test
  void aTypeScriptClientStartsAJobByNameAndReadsItsProgress() throws Exception {
    boolean installed = Files.isDirectory(CLIENT.resolve("node_modules/@temporalio/client"));
    if (System.getenv("CI") != null) {
      assertThat(installed).as("CI must npm ci in " + CLIENT).isTrue();
    }
    assumeTrue(installed, "npm ci in " + CLIENT + " to run this test");
    try (TemporalSession dev =
        TemporalSession.embedded(EmbeddedTemporal.onLoopback(0), "default")
            .serve(TestWorkers.java(home))) {
      Path spec = home.resolve("spec.json");
      Files.writeString(
          spec,
          "{\"owner\": \"node\", \"mapper\": {\"executor\": \"java\", \"handler\": \"count\"},"
              + " \"task\": {\"executor\": \"java\", \"handler\": \"sleep\"},"
              + " \"reducer\": {\"executor\": \"java\", \"handler\": \"tally\"},"
              + " \"input\": {\"subJobs\": 4, \"params\": {\"millis\": 300}}, \"maxParallel\": 2}");
      ProcessBuilder command =
          new ProcessBuilder("node", "start-job.mjs", spec.toString())
              .directory(CLIENT.toFile())
              .redirectErrorStream(true);
      command.environment().put("TEMPORAL_ADDRESS", dev.address());
      Process node = command.start();
      node.getOutputStream().close();
      List<JsonNode> lines = new ArrayList<>();
      String output = new String(node.getInputStream().readAllBytes());
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(node.exitValue()).as(output).isZero();
      for (String line : output.strip().split("\n")) {
        lines.add(Json.MAPPER.readTree(line));
      }

      assertThat(lines).hasSize(3);
      String jobId = lines.get(0).path("started").asText();
      assertThat(jobId).startsWith("node-ts-");
      JsonNode progress = lines.get(1).path("progress");
      assertThat(progress.path("jobId").asText()).isEqualTo(jobId);
      assertThat(progress.path("owner").asText()).isEqualTo("node");
      assertThat(progress.path("phase").asText()).isIn("MAPPING", "RUNNING");
      JsonNode result = lines.get(2).path("result");
      assertThat(result.path("counts").path("succeeded").asInt()).isEqualTo(4);
      assertThat(result.path("output").path("SUCCEEDED").asInt()).isEqualTo(4);
    }
  }
}
