package dev.fanout.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.Handlers;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.TestWorkers;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.executor.InvocationMetrics;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                .serve(TestWorkers.java(home, handlers(), metrics.registry()))) {
      ObjectNode spec = Json.MAPPER.createObjectNode();
      spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
      spec.set("task", Json.MAPPER.valueToTree(FunctionRef.java("fails-first-attempt")));
      spec.putObject("input").put("subJobs", 5).putObject("params");
      spec.putObject("retry").put("initialInterval", "PT0.1S");
      session.jobs().result(session.jobs().submit(spec, "measured")).join();
      // The Lambda executor's throttle counter, exercised for real in LambdaExecutorTest; here only
      // so the dashboard's every metric can be checked against what this endpoint exports.
      new InvocationMetrics(metrics.registry(), "lambda").platformRetry("throttled");

      Set<String> dashboard = dashboardMetrics();
      String scraped = scrape(metrics.port());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!exportsAll(scraped, dashboard) && System.nanoTime() < deadline) {
        Thread.sleep(200); // the SDK reports every second
        scraped = scrape(metrics.port());
      }

      assertThat(scraped)
          .contains(
              "fanout_invocation_duration_seconds_count{executor=\"java\",outcome=\"succeeded\",role=\"task\",} 5.0")
          .contains(
              "fanout_invocation_duration_seconds_count{executor=\"java\",outcome=\"succeeded\",role=\"mapper\",} 1.0")
          .contains("fanout_queue_wait_seconds_bucket{executor=\"java\",role=\"task\"")
          .contains("fanout_retries_total{executor=\"java\",role=\"task\",} 5.0")
          .containsPattern(
              "fanout_sub_jobs_total\\{[^}]*executor=\"java\",[^}]*state=\"succeeded\"[^}]*\\} 5.0")
          .containsPattern("(?m)^temporal_[a-z_]+");
      String exported = scraped;
      assertThat(dashboard)
          .isNotEmpty()
          .allSatisfy(name -> assertThat(exports(exported, name)).as(name).isTrue());
    }
  }

  @Test
  void isLiveAtOnceAndReadyOnlyWhileItsWorkersPoll() throws Exception {
    try (MetricsEndpoint metrics = MetricsEndpoint.serve(new InetSocketAddress("127.0.0.1", 0))) {
      TemporalSession session =
          TemporalSession.embedded(EmbeddedTemporal.inProcess(metrics.temporalScope()), "default");
      metrics.readyWhen(session::polling);
      assertThat(get(metrics.port(), "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(metrics.port(), "/health/ready").statusCode()).as("no workers").isEqualTo(503);

      session.serve(TestWorkers.java(home));
      assertThat(get(metrics.port(), "/health/ready").statusCode()).isEqualTo(200);

      session.close();
      HttpResponse<String> stopped = get(metrics.port(), "/health/ready");
      assertThat(stopped.statusCode()).as("shut down").isEqualTo(503);
      assertThat(stopped.body()).contains("not polling");
      assertThat(get(metrics.port(), "/health/live").statusCode()).isEqualTo(200);
    }
  }

  private static boolean exportsAll(String scraped, Set<String> names) {
    return names.stream().allMatch(name -> exports(scraped, name));
  }

  private static boolean exports(String scraped, String name) {
    return Pattern.compile("(?m)^" + name + "[{ ]").matcher(scraped).find();
  }

  /** Fails each sub-job's first attempt, so retries show. */
  private static Map<String, JavaHandler> handlers() {
    Map<String, JavaHandler> handlers = new HashMap<>(Handlers.discover());
    handlers.put(
        "fails-first-attempt",
        (input, context) -> {
          if (context.attempt() == 1) {
            throw new IllegalStateException("first attempt fails");
          }
          return input;
        });
    return handlers;
  }

  /** Every metric the Grafana dashboard in the Helm chart queries. */
  private static Set<String> dashboardMetrics() throws Exception {
    JsonNode dashboard =
        Json.MAPPER.readTree(Path.of("../helm/fanout/files/grafana-dashboard.json").toFile());
    Set<String> names = new TreeSet<>();
    Matcher metric = Pattern.compile("\\b((?:fanout|temporal)_[a-z_]+)").matcher("");
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        metric.reset(target.path("expr").asText());
        while (metric.find()) {
          names.add(metric.group(1));
        }
      }
    }
    return names;
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response = get(port, "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
