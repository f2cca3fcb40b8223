package dev.fanout.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real slurmrestd behind a proxy that makes every few requests fail, hang or answer garbage, as
 * faults.sh does for the commands: by a counter per kind of request (jobs, job, submit, cancel), so
 * the faults come in a fixed order. Every 4th {@code GET jobs} in turn: an error, a hang (an hour),
 * a page that is not JSON, an answer with no jobs (and the request after that too); every 2nd
 * {@code GET job/ID} likewise; every 2nd submission: submitted but answered with an error,
 * submitted but never answered, refused without submitting.
 */
final class FaultySlurmrestd implements AutoCloseable {

  private static final String ERROR =
      "{\"errors\": [{\"error_number\": 1007, \"error\": \"Protocol authentication error\"}],"
          + " \"jobs\": []}";
  private static final String NO_JOBS = "{\"meta\": {}, \"errors\": [], \"jobs\": []}";
  private static final String GARBAGE = "<html><body>502 Bad Gateway</body></html>";

  private final URI target;
  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "faulty-slurmrestd");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, Integer> seen = new ConcurrentHashMap<>();
  private final AtomicInteger jobsToFail = new AtomicInteger();

  FaultySlurmrestd(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many requests of each kind met each fault ("jobs hang", "submit none"). */
  Map<String, Integer> seen() {
    return new TreeMap<>(seen);
  }

  private static String fault(String kind, int n) {
    int every = kind.equals("jobs") ? 4 : 2;
    if (n % every == 0) {
      int turn = (n / every - 1) % 4;
      if (kind.equals("submit")) {
        return new String[] {"submitted-failed", "submitted-hung", "failed", "submitted-failed"}
            [turn];
      }
      if (!kind.equals("cancel")) {
        return new String[] {"fail", "hang", "garbage", "empty"}[turn];
      }
    }
    return kind.equals("jobs") && n % 16 == 1 && n > 1 ? "empty" : "none";
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String kind =
        switch (method) {
          case "POST" -> "submit";
          case "DELETE" -> "cancel";
          default -> path.endsWith("/jobs") ? "jobs" : "job";
        };
    String fault =
        kind.equals("jobs") && jobsToFail.getAndUpdate(n -> Math.max(0, n - 1)) > 0
            ? "fail"
            : fault(kind, counts.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet());
    seen.merge(kind + " " + fault, 1, Integer::sum);
    byte[] body = exchange.getRequestBody().readAllBytes();
    try {
      switch (fault) {
        case "none" -> {
          HttpResponse<byte[]> answer = forward(exchange, body);
          reply(exchange, answer.statusCode(), answer.body());
        }
        case "fail", "failed" -> reply(exchange, 500, ERROR);
        case "hang" -> Thread.sleep(3_600_000);
        case "garbage" -> reply(exchange, 200, GARBAGE);
        case "empty" -> reply(exchange, 200, NO_JOBS);
        case "submitted-failed" -> {
          forward(exchange, body);
          jobsToFail.set(2);
          reply(exchange, 500, ERROR);
        }
        case "submitted-hung" -> {
          forward(exchange, body);
          Thread.sleep(3_600_000);
        }
        default -> throw new IllegalStateException(fault);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : new String[] {"X-SLURM-USER-NAME", "X-SLURM-USER-TOKEN", "Content-Type"}) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    reply(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow(); // wakes the hung handlers
  }
}
