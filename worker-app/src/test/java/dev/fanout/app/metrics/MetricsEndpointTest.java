package dev.fanout.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.Handlers;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.logs.LogStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A running worker's metrics, scraped as Prometheus scrapes them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {

  @TempDir Path home;

  @Test
  void aWorkerServesTemporalsAndFanoutsMetrics() throws Exception {
    try (MetricsEndpoint metrics = MetricsEndpoint.serve(new InetSocketAddress("127.0.0.1", 0));
        TemporalSession session =
            TemporalSession.embedded(EmbeddedTemporal.inProcess(metrics.temporalScope()), "default")
                .serve(
                    new FanoutWorkers.Config(
                        Set.of(FanoutWorkers.WORKFLOWS, FanoutWorkers.JAVA),
                        new LogStore(home.resolve("logs")),
                        new FileBlobStore(home.resolve("blobs")),
                        Handlers.discover(),
                        100,
                        new FanoutWorkers.Executors(
                            home.resolve("work"),
                            1,
                            null,
                            null,
                            LambdaExecutor.Limits.DEFAULT,
                            FanoutWorkers.DEFAULT_ACTIVITY_SLOTS),
                        metrics.registry()))) {
      ObjectNode spec = Json.MAPPER.createObjectNode();
      spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
      spec.set("task", Json.MAPPER.valueToTree(FunctionRef.java("noop")));
      spec.putObject("input").put("subJobs", 5).putObject("params");
      session.jobs().result(session.jobs().submit(spec, "measured")).join();

      String scraped = scrape(metrics.port());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!scraped.contains("temporal_") && System.nanoTime() < deadline) {
        Thread.sleep(200); // the SDK reports every second
        scraped = scrape(metrics.port());
      }

      assertThat(scraped)
          .contains(
              "fanout_invocation_duration_seconds_count{executor=\"java\",outcome=\"succeeded\",role=\"task\",} 5.0")
          .contains(
              "fanout_invocation_duration_seconds_count{executor=\"java\",outcome=\"succeeded\",role=\"mapper\",} 1.0")
          .contains("fanout_queue_wait_seconds_bucket{executor=\"java\",role=\"task\"")
          .containsPattern("(?m)^temporal_[a-z_]+");
    }
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
