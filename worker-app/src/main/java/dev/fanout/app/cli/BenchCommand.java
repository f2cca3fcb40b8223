package dev.fanout.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.fanout.app.Handlers;
import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.docker.DockerExecutor;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.logs.LogStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;

/**
 * Measures Fanout against the limit of the same work done without it, in one run, and prints a
 * table. Figures are ratios to that baseline because the machines are shared and noisy.
 */
@Command(
    name = "bench",
    description =
        "Measure Fanout (embedded server, in-process workers) against the same work without it,"
            + " in the same run: no-op sub-jobs against a plain thread pool, and with"
            + " --docker-host, no-op containers against the engine's own"
            + " create+start+wait+remove, and with --lambda-endpoint, Lambda invocations"
            + " against the endpoint driven directly.")
public class BenchCommand extends BaseCommand {

  private static final List<String> NOOP_CONTAINER =
      List.of("sh", "-c", "echo '{}' > /fanout/output.json");

  @Option(names = "--sub-jobs", defaultValue = "2000", description = "Default: ${DEFAULT-VALUE}.")
  int subJobs;

  @Option(
      names = "--max-parallel",
      split = ",",
      defaultValue = "50",
      description = "Windows to measure, comma-separated. Default: ${DEFAULT-VALUE}.")
  List<Integer> windows;

  @Option(names = "--repeat", defaultValue = "3", description = "Runs per row; the best is shown.")
  int repeat;

  @Option(
      names = "--docker-host",
      paramLabel = "URL",
      description = "Also measure container sub-jobs on this engine.")
  String dockerHost;

  @Option(
      names = "--docker-image",
      defaultValue = "fanout-test/busybox:1",
      description = "A local image with sh, for the container rows. Default: ${DEFAULT-VALUE}.")
  String dockerImage;

  @Option(names = "--containers", defaultValue = "20", description = "Default: ${DEFAULT-VALUE}.")
  int containers;

  @Option(
      names = "--lambda-endpoint",
      paramLabel = "URL",
      description =
          "Also measure Lambda sub-jobs (function fanout-echo) against the endpoint driven"
              + " directly.")
  URI lambdaEndpoint;

  @Option(
      names = "--invocations",
      defaultValue = "1000",
      description = "Default: ${DEFAULT-VALUE}.")
  int invocations;

  @Option(
      names = "--lambda-concurrency",
      defaultValue = "100",
      description = "Default: ${DEFAULT-VALUE}.")
  int lambdaConcurrency;

  record Row(String what, int n, int maxParallel, double seconds, String baseline) {
    double perSecond() {
      return n / seconds;
    }
  }

  @Override
  protected int doCall() throws Exception {
    Map<String, JavaHandler> handlers = Handlers.discover();
    Path scratch = Files.createTempDirectory("fanout-bench");
    LogStore logs = new LogStore(scratch.resolve("logs"));
    Set<String> pools = new HashSet<>(Set.of(FanoutWorkers.WORKFLOWS, FanoutWorkers.JAVA));
    if (dockerHost != null) {
      pools.add(FanoutWorkers.DOCKER);
    }
    if (lambdaEndpoint != null) {
      pools.add(FanoutWorkers.LAMBDA);
    }
    List<Row> rows = new ArrayList<>();
    try (TemporalSession session =
        TemporalSession.embedded(EmbeddedTemporal.inProcess(), "default")) {
      session.serve(
          new FanoutWorkers.Config(
              pools,
              logs,
              new FileBlobStore(scratch.resolve("blobs")),
              handlers,
              Integer.MAX_VALUE,
              new FanoutWorkers.Executors(
                  scratch.resolve("work"), 2, dockerHost, lambdaEndpoint, lambdaLimits()),
              new SimpleMeterRegistry()));
      JobService jobs = session.jobs();
      runJob(jobs, FunctionRef.java("noop"), Math.min(subJobs, 200), windows.get(0)); // warm-up
      for (int window : windows) {
        String limit = "thread pool, " + window + " threads";
        rows.add(
            new Row(
                limit,
                subJobs,
                window,
                best(() -> threadPool(handlers.get("noop"), window)),
                limit));
        rows.add(
            new Row(
                "fanout, java no-op",
                subJobs,
                window,
                best(() -> runJob(jobs, FunctionRef.java("noop"), subJobs, window)),
                limit));
      }
      if (dockerHost != null) {
        rows.addAll(containerRows(jobs, scratch));
      }
      if (lambdaEndpoint != null) {
        rows.addAll(lambdaRows(jobs));
      }
    }
    print(rows);
    return EXIT_OK;
  }

  /** One container at a time, so the per-sub-job time is the latency Fanout adds to each. */
  private List<Row> containerRows(JobService jobs, Path scratch) throws Exception {
    FunctionRef noop =
        new FunctionRef("docker", null, dockerImage, NOOP_CONTAINER, null, null, null, null, null);
    String engine = "engine: create+start+wait+remove";
    try (DockerClient docker = DockerExecutor.client(dockerHost)) {
      double direct = best(() -> engineDirect(docker, scratch.resolve("direct")));
      double fanout = best(() -> runJob(jobs, noop, containers, 1));
      return List.of(
          new Row(engine, containers, 1, direct, engine),
          new Row("fanout, docker no-op", containers, 1, fanout, engine));
    }
  }

  private LambdaExecutor.Limits lambdaLimits() {
    return new LambdaExecutor.Limits(
        lambdaConcurrency, lambdaConcurrency, LambdaExecutor.Limits.DEFAULT.maxPayloadBytes());
  }

  private List<Row> lambdaRows(JobService jobs) throws Exception {
    FunctionRef echo =
        new FunctionRef("lambda", null, null, null, "fanout-echo", null, null, null, null);
    String endpoint = "endpoint driven directly, " + lambdaConcurrency + " in flight";
    try (LambdaAsyncClient lambda =
        LambdaExecutor.client(
            lambdaEndpoint,
            Region.US_EAST_1,
            DefaultCredentialsProvider.builder().build(),
            lambdaLimits())) {
      double direct = best(() -> lambdaDirect(lambda));
      double fanout = best(() -> runJob(jobs, echo, invocations, lambdaConcurrency));
      return List.of(
          new Row(endpoint, invocations, lambdaConcurrency, direct, endpoint),
          new Row("fanout, lambda no-op", invocations, lambdaConcurrency, fanout, endpoint));
    }
  }

  private double lambdaDirect(LambdaAsyncClient lambda) throws Exception {
    Semaphore inFlight = new Semaphore(lambdaConcurrency);
    List<CompletableFuture<?>> calls = new ArrayList<>(invocations);
    long start = System.nanoTime();
    for (int i = 0; i < invocations; i++) {
      inFlight.acquire();
      calls.add(
          lambda
              .invoke(b -> b.functionName("fanout-echo").payload(SdkBytes.fromUtf8String("{}")))
              .whenComplete((r, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    return (System.nanoTime() - start) / 1e9;
  }

  private double engineDirect(DockerClient docker, Path dir) throws Exception {
    Files.createDirectories(dir);
    long start = System.nanoTime();
    for (int i = 0; i < containers; i++) {
      String id =
          docker
              .createContainerCmd(dockerImage)
              .withCmd(NOOP_CONTAINER)
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withBinds(new Bind(dir.toString(), new Volume("/fanout")))
                      .withNetworkMode("none"))
              .exec()
              .getId();
      docker.startContainerCmd(id).exec();
      docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
      Files.readString(dir.resolve("output.json"));
      docker.removeContainerCmd(id).withForce(true).exec();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private void print(List<Row> rows) {
    List<List<String>> cells = new ArrayList<>();
    for (Row row : rows) {
      Row baseline =
          rows.stream().filter(r -> r.what().equals(row.baseline())).findFirst().orElseThrow();
      cells.add(
          List.of(
              row.what(),
              String.valueOf(row.n()),
              String.valueOf(row.maxParallel()),
              String.format("%.3f", row.seconds()),
              String.format("%.0f", row.perSecond()),
              String.format("%.1f", row.seconds() * 1000 / row.n() * row.maxParallel()),
              String.format("%.4f", row.perSecond() / baseline.perSecond())));
    }
    out()
        .print(
            TextTable.render(
                List.of(
                    "what",
                    "n",
                    "maxParallel",
                    "wall s",
                    "per s",
                    "ms per item per slot",
                    "ratio to baseline"),
                cells));
    out()
        .printf(
            "best of %d; %d cores, Java %s%n",
            repeat, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    out().flush();
  }

  private interface Measured {
    double seconds() throws Exception;
  }

  private double best(Measured measured) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeat; i++) {
      best = Math.min(best, measured.seconds());
    }
    return best;
  }

  private static double runJob(JobService jobs, FunctionRef task, int n, int window) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("owner", "bench");
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
    spec.set("task", Json.MAPPER.valueToTree(task));
    spec.set("reducer", Json.MAPPER.valueToTree(FunctionRef.java("tally")));
    spec.putObject("input").put("subJobs", n).putObject("params");
    spec.put("maxParallel", window);
    long start = System.nanoTime();
    jobs.result(jobs.submit(spec, null)).join();
    return (System.nanoTime() - start) / 1e9;
  }

  private double threadPool(JavaHandler noop, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      ObjectNode params = Json.MAPPER.createObjectNode();
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>(subJobs);
      for (int i = 0; i < subJobs; i++) {
        futures.add(pool.submit(() -> noop.handle(params, null)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }
}
