package dev.fanout.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * A worker's metrics for Prometheus at {@code /metrics}: the Temporal SDK's own (polls, task
 * latencies, failures) and Fanout's (invocations by executor, role and outcome; queue wait;
 * retries), in one registry. Beside them, the checks a cluster probes: {@code /health/live} answers
 * while the process serves at all, {@code /health/ready} once its workers poll.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Scope temporalScope =
      new RootScopeBuilder()
          .reporter(new MicrometerClientStatsReporter(registry))
          .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
  private final HttpServer server;
  private volatile BooleanSupplier ready = () -> false;

  private MetricsEndpoint(InetSocketAddress address) throws IOException {
    server = HttpServer.create(address, 0);
    server.createContext(
        "/metrics",
        exchange -> respond(exchange, 200, "text/plain; version=0.0.4", registry.scrape()));
    server.createContext(
        "/health/live", exchange -> respond(exchange, 200, "text/plain", "live\n"));
    server.createContext(
        "/health/ready",
        exchange -> {
          if (ready.getAsBoolean()) {
            respond(exchange, 200, "text/plain", "ready\n");
          } else {
            respond(exchange, 503, "text/plain", "not ready: the workers are not polling\n");
          }
        });
    server.start();
  }

  private static void respond(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public static MetricsEndpoint serve(InetSocketAddress address) throws IOException {
    return new MetricsEndpoint(address);
  }

  /** What {@code /health/ready} reports from now on; until this is called, not ready. */
  public void readyWhen(BooleanSupplier ready) {
    this.ready = ready;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The scope to give Temporal's service stubs, so the SDK reports into the same registry. */
  public Scope temporalScope() {
    return temporalScope;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() throws ScopeCloseException {
    server.stop(0);
    temporalScope.close();
  }
}
