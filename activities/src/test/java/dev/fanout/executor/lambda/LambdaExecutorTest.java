package dev.fanout.executor.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.InvocationMetrics;
import dev.fanout.executor.Invocations;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.job.FailureType;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lambda invocations against a real Invoke API (serverless-offline) on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LambdaExecutorTest {

  @TempDir Path root;
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private URI endpoint;

  @BeforeEach
  void needsAnEndpoint() {
    endpoint = LambdaEndpoint.endpoint();
  }

  private LambdaExecutor executor(URI at, LambdaExecutor.Limits limits) {
    return new LambdaExecutor(
        () -> LambdaEndpoint.client(at, limits),
        new FileBlobStore(root.resolve("blobs")),
        limits,
        new InvocationMetrics(meters, "lambda"));
  }

  private LambdaExecutor executor() {
    return executor(endpoint, LambdaExecutor.Limits.DEFAULT);
  }

  private static Invocation invocation(String function, JsonNode params, int index) {
    FunctionRef ref = new FunctionRef("lambda", null, null, null, function, null, null, null, null);
    return Invocation.task("job-l", index, "k" + index, ref, params);
  }

  private TaskLog log(int index) throws Exception {
    return new LogStore(root.resolve("logs")).open("job-l", "task-" + index);
  }

  private static JsonNode run(RunningInvocation running) throws Exception {
    return Invocations.runToEnd(running);
  }

  @Test
  void theResponseIsTheOutput() throws Exception {
    try (LambdaExecutor executor = executor();
        TaskLog log = log(1)) {
      ObjectNode params = Json.MAPPER.createObjectNode().put("sample", "s1");
      JsonNode output = run(executor.start(invocation("fanout-echo", params, 1), 1, log));

      assertThat(output.path("params")).isEqualTo(params);
    }
  }

  @Test
  void aFunctionErrorIsTheSubJobsFailureWithTypeAndMessage() throws Exception {
    try (LambdaExecutor executor = executor();
        TaskLog log = log(2)) {
      RunningInvocation running =
          executor.start(
              invocation("fanout-fail", Json.MAPPER.createObjectNode().put("sample", "s7"), 2),
              1,
              log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                // serverless-offline reports every thrown error's type as "Error"; AWS gives its
                // name.
                assertThat(e.type()).isEqualTo("Error");
                assertThat(e.getMessage()).isEqualTo("sample s7 has no reads");
                assertThat(e.retryable()).isTrue();
              });
    }
  }

  @Test
  void aFunctionPastItsTimeoutFails() throws Exception {
    try (LambdaExecutor executor = executor();
        TaskLog log = log(3)) {
      RunningInvocation running =
          executor.start(invocation("fanout-slow", Json.MAPPER.createObjectNode(), 3), 1, log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> assertThat(e.getMessage()).contains("Lambda timeout"));
    }
  }

  @Test
  void anUnknownFunctionIsABadFunctionReference() throws Exception {
    try (LambdaExecutor executor = executor();
        TaskLog log = log(4)) {
      RunningInvocation running =
          executor.start(invocation("fanout-nope", Json.MAPPER.createObjectNode(), 4), 1, log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.type()).isEqualTo(FailureType.BAD_FUNCTION.type());
                assertThat(e.getMessage()).isEqualTo("function: no Lambda function 'fanout-nope'");
              });
    }
  }

  @Test
  void largePayloadsTravelThroughTheBlobStoreBothWays() throws Exception {
    ObjectNode params = Json.MAPPER.createObjectNode().put("bigOutput", true);
    var numbers = params.putArray("numbers");
    for (int i = 1; i <= 5000; i++) {
      numbers.add(i);
    }
    try (LambdaExecutor executor = executor(endpoint, new LambdaExecutor.Limits(10, 10, 4096));
        TaskLog log = log(5)) {
      JsonNode output = run(executor.start(invocation("fanout-sum", params, 5), 1, log));

      assertThat(output.path("sum").asLong()).isEqualTo(5000L * 5001 / 2);
      assertThat(output.path("echo").size()).isEqualTo(5000);
    }
    assertThat(new LogStore(root.resolve("logs")).read("job-l", "task-5", 0, 10))
        .anySatisfy(l -> assertThat(l).contains("sent by reference: file:"));
  }

  @Test
  void throttlingIsRetriedWithBackoffUntilItPasses() throws Exception {
    AtomicInteger throttled = new AtomicInteger();
    HttpServer front = throttlingFront(3, throttled);
    try (LambdaExecutor executor =
            executor(
                URI.create("http://127.0.0.1:" + front.getAddress().getPort()),
                LambdaExecutor.Limits.DEFAULT);
        TaskLog log = log(6)) {
      JsonNode output =
          run(
              executor.start(
                  invocation("fanout-echo", Json.MAPPER.createObjectNode().put("x", 1), 6),
                  1,
                  log));

      assertThat(output.path("params").path("x").asInt()).isEqualTo(1);
      assertThat(throttled.get()).isEqualTo(3);
      assertThat(
              meters
                  .get("fanout.platform.retries")
                  .tags("executor", "lambda", "reason", "throttled")
                  .counter()
                  .count())
          .isEqualTo(3.0);
    } finally {
      front.stop(0);
    }
    assertThat(new LogStore(root.resolve("logs")).read("job-l", "task-6", 0, 100))
        .filteredOn(l -> l.contains(" retry "))
        .hasSize(3);
  }

  @Test
  void thePerFunctionCeilingIsNeverExceeded() throws Exception {
    int ceiling = 4;
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try (LambdaExecutor executor =
        executor(endpoint, new LambdaExecutor.Limits(ceiling, 100, 1 << 20))) {
      List<Future<JsonNode>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int index = 100 + i;
        results.add(
            callers.submit(
                () -> {
                  try (TaskLog log = log(index)) {
                    return run(
                        executor.start(
                            invocation(
                                "fanout-echo",
                                Json.MAPPER.createObjectNode().put("millis", 400),
                                index),
                            1,
                            log));
                  }
                }));
      }
      List<double[]> intervals = new ArrayList<>();
      for (Future<JsonNode> r : results) {
        JsonNode out = r.get();
        intervals.add(new double[] {out.path("start").asDouble(), out.path("end").asDouble()});
      }
      int most = Invocations.mostAtOnce(intervals);
      assertThat(most).isEqualTo(ceiling);
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * Lambda's 429 as AWS sends it, for the first {@code times} calls, then the real endpoint: the
   * local endpoint does not emulate throttling, so this stands in for that one answer.
   */
  private HttpServer throttlingFront(int times, AtomicInteger throttled) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          if (throttled.get() < times) {
            throttled.incrementAndGet();
            byte[] error = "{\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}".getBytes();
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "TooManyRequestsException");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(429, error.length);
            exchange.getResponseBody().write(error);
            exchange.close();
            return;
          }
          try {
            HttpResponse<byte[]> real =
                http.send(
                    HttpRequest.newBuilder(endpoint.resolve(exchange.getRequestURI().getPath()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            real.headers()
                .firstValue("x-amz-function-error")
                .ifPresent(v -> exchange.getResponseHeaders().add("X-Amz-Function-Error", v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(real.statusCode(), real.body().length);
            exchange.getResponseBody().write(real.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.start();
    return server;
  }
}
