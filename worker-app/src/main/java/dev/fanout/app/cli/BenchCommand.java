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
import dev.fanout.app.bench.HeapPeak;
import dev.fanout.app.bench.NaiveFanOut;
import dev.fanout.app.bench.SlurmSubmission;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.BlobStore;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.docker.DockerExecutor;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.jobdata.ResultManifest;
import dev.fanout.logs.LogStore;
import dev.fanout.usage.UsageLog;
import dev.fanout.workflow.JobPageWorkflow;
import dev.fanout.workflow.PageRef;
import dev.fanout.workflow.PageStatus;
import dev.fanout.workflow.ParallelJobWorkflow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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

  @Option(names = "--sub-jobs", defaultValue = "10000", description = "Default: ${DEFAULT-VALUE}.")
  int subJobs;

  @Option(
      names = "--max-parallel",
      split = ",",
      defaultValue = "20,200",
      description = "Windows to measure, comma-separated. Default: ${DEFAULT-VALUE}.")
  List<Integer> windows;

  @Option(
      names = "--repeat",
      defaultValue = "2",
      description = "Runs per throughput row; the best is shown. Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(
      names = "--naive-sub-jobs",
      defaultValue = "2000",
      description =
          "Sub-jobs for the naive one-run design, at most what fits in one run (0 skips)."
              + " Default: ${DEFAULT-VALUE}.")
  int naiveSubJobs;

  @Option(
      names = "--busy-ms",
      defaultValue = "50",
      description =
          "Slot utilisation row: --sub-jobs sub-jobs sleeping this long at maxParallel 50 (0"
              + " skips). Default: ${DEFAULT-VALUE}.")
  int busyMillis;

  @Option(
      names = "--large",
      defaultValue = "100000",
      description =
          "No-op sub-jobs in the large-job row: wall time, peak heap, largest run (0 skips)."
              + " Default: ${DEFAULT-VALUE}.")
  int largeSubJobs;

  @Option(
      names = "--scale-out",
      defaultValue = "400",
      description =
          "Sub-jobs of 250 ms for the scale-out rows, run by 1 then 2 worker processes of 10"
              + " slots each against a standalone dev server (0 skips). Default: ${DEFAULT-VALUE}.")
  int scaleOutSubJobs;

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
      names = "--slurm-partition",
      paramLabel = "NAME",
      description =
          "Also measure Slurm sub-jobs on this partition: one sbatch each against job arrays.")
  String slurmPartition;

  @Option(
      names = "--slurm-sub-jobs",
      defaultValue = "1000",
      description = "Default: ${DEFAULT-VALUE}.")
  int slurmSubJobs;

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

  /**
   * One line of the table.
   *
   * @param baseline the {@code what} of the row this one is a ratio to
   * @param note what else this row measured
   */
  record Row(String what, int n, int maxParallel, double seconds, String baseline, String note) {
    Row(String what, int n, int maxParallel, double seconds, String baseline) {
      this(what, n, maxParallel, seconds, baseline, "");
    }

    double perSecond() {
      return n / seconds;
    }
  }

  /** A finished bench job. */
  record Run(String jobId, JobResult result, double seconds) {}

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
    BlobStore blobs = new FileBlobStore(scratch.resolve("blobs"));
    try (TemporalSession session =
        TemporalSession.embedded(EmbeddedTemporal.inProcess(), "default")) {
      session.serve(
          new FanoutWorkers.Config(
              pools,
              logs,
              blobs,
              handlers,
              Integer.MAX_VALUE,
              new FanoutWorkers.Executors(
                  scratch.resolve("work"),
                  2,
                  dockerHost,
                  lambdaEndpoint,
                  lambdaLimits(),
                  FanoutWorkers.DEFAULT_ACTIVITY_SLOTS,
                  SlurmSettings.DEFAULT,
                  new UsageLog(scratch.resolve("usage"))),
              new SimpleMeterRegistry()));
      JobService jobs = session.jobs();
      runJob(
          jobs, FunctionRef.java("noop"), Math.min(subJobs, 200), windows.get(0), null); // warm-up
      for (int window : windows) {
        String limit = "thread pool, " + window + " threads";
        measured(
            rows,
            new Row(
                limit,
                subJobs,
                window,
                best(() -> threadPool(handlers.get("noop"), window, subJobs)),
                limit));
        measured(
            rows,
            new Row(
                "fanout, java no-op",
                subJobs,
                window,
                bestRun(jobs, FunctionRef.java("noop"), subJobs, window, null).seconds(),
                limit));
      }
      if (naiveSubJobs > 0) {
        measured(rows, naiveRows(session));
      }
      if (busyMillis > 0) {
        measured(rows, utilisationRows(session, blobs));
      }
      if (largeSubJobs > 0) {
        measured(rows, largeRows(session, handlers.get("noop")));
      }
      if (dockerHost != null) {
        measured(rows, containerRows(jobs, scratch));
      }
      if (lambdaEndpoint != null) {
        measured(rows, lambdaRows(jobs));
      }
    }
    if (slurmPartition != null) {
      measured(rows, slurmRows(scratch, blobs));
    }
    if (scaleOutSubJobs > 0) {
      measured(rows, ScaleOut.rows(scratch.resolve("scale-out"), scaleOutSubJobs));
    }
    print(rows);
    return EXIT_OK;
  }

  /** The design Fanout replaces, at the largest size it fits, against Fanout at that size. */
  private List<Row> naiveRows(TemporalSession session) throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(session.client());
    factory
        .newWorker(NaiveFanOut.TASK_QUEUE)
        .registerWorkflowImplementationTypes(NaiveFanOut.Impl.class);
    factory.start();
    try {
      String naive = "naive: one run, all " + naiveSubJobs + " at once";
      int[] events = new int[1];
      double seconds =
          best(
              () -> {
                String id = "naive-" + UUID.randomUUID();
                NaiveFanOut run =
                    session
                        .client()
                        .newWorkflowStub(
                            NaiveFanOut.class,
                            WorkflowOptions.newBuilder()
                                .setWorkflowId(id)
                                .setTaskQueue(NaiveFanOut.TASK_QUEUE)
                                .build());
                long start = System.nanoTime();
                run.run(naiveSubJobs);
                double took = (System.nanoTime() - start) / 1e9;
                events[0] = session.client().fetchHistory(id).getEvents().size();
                return took;
              });
      int window = windows.get(windows.size() - 1);
      Run fanout = bestRun(session.jobs(), FunctionRef.java("noop"), naiveSubJobs, window, null);
      return List.of(
          new Row(
              naive, naiveSubJobs, naiveSubJobs, seconds, naive, events[0] + " events in its run"),
          new Row(
              "fanout, java no-op",
              naiveSubJobs,
              window,
              fanout.seconds(),
              naive,
              largestRun(session, fanout.jobId())));
    } finally {
      factory.shutdown();
    }
  }

  /**
   * Sub-jobs that sleep: how much of the window's capacity ({@code maxParallel} × makespan) the
   * sub-jobs really used, from the results manifest's start and end of each; and, from the middle
   * page's history, where the rest of a slot's time went.
   */
  private List<Row> utilisationRows(TemporalSession session, BlobStore blobs) throws Exception {
    int window = 50;
    ObjectNode params = Json.MAPPER.createObjectNode().put("millis", busyMillis);
    Run run = runJob(session.jobs(), FunctionRef.java("sleep"), subJobs, window, params);
    List<PageStatus> pages =
        session.client().newWorkflowStub(ParallelJobWorkflow.class, run.jobId()).pages();
    PageRef middle = pages.get(pages.size() / 2).page();
    Map<Integer, SubJobResult> middleResults = new HashMap<>();
    double busy = 0;
    try (ResultManifest.Results results = ResultManifest.read(blobs, run.result().results())) {
      for (SubJobResult r : results) {
        busy += Duration.between(r.startedAt(), r.endedAt()).toNanos() / 1e9;
        if (r.index() >= middle.firstIndex() && r.index() < middle.firstIndex() + middle.count()) {
          middleResults.put(r.index(), r);
        }
      }
    }
    SlotTurnaround turnaround =
        SlotTurnaround.of(
            session
                .client()
                .fetchHistory(JobPageWorkflow.id(run.jobId(), middle.page()))
                .getEvents(),
            middleResults);
    String ideal = "ideal: n × " + busyMillis + " ms / maxParallel";
    return List.of(
        new Row(ideal, subJobs, window, subJobs * busyMillis / 1000.0 / window, ideal),
        new Row(
            "fanout, " + busyMillis + " ms sleep",
            subJobs,
            window,
            run.seconds(),
            ideal,
            String.format(
                "slot utilisation %.3f; %s",
                busy / (window * run.seconds()), turnaround.describe())));
  }

  /** One large job: how long, how much heap, and the longest history of any of its runs. */
  private List<Row> largeRows(TemporalSession session, JavaHandler noop) throws Exception {
    int window = windows.get(windows.size() - 1);
    String limit = "thread pool, " + window + " threads";
    double pool = threadPool(noop, window, largeSubJobs);
    HeapPeak heap = new HeapPeak();
    heap.reset();
    Run run = runJob(session.jobs(), FunctionRef.java("noop"), largeSubJobs, window, null);
    long peak = heap.bytes();
    return List.of(
        new Row(limit, largeSubJobs, window, pool, limit),
        new Row(
            "fanout, java no-op",
            largeSubJobs,
            window,
            run.seconds(),
            limit,
            String.format(
                "peak heap ≤ %d MB; %s", peak / (1024 * 1024), largestRun(session, run.jobId()))));
  }

  /** The most history events in any run of the job (the job's and its pages'). */
  static String largestRun(TemporalSession session, String jobId) {
    WorkflowClient client = session.client();
    List<String> runs = new ArrayList<>(List.of(jobId));
    for (PageStatus page : client.newWorkflowStub(ParallelJobWorkflow.class, jobId).pages()) {
      runs.add(JobPageWorkflow.id(jobId, page.page().page()));
    }
    int most = 0;
    for (String run : runs) {
      most = Math.max(most, client.fetchHistory(run).getEvents().size());
    }
    return "largest of " + runs.size() + " runs: " + most + " events";
  }

  /** One container at a time, so the per-sub-job time is the latency Fanout adds to each. */
  private List<Row> containerRows(JobService jobs, Path scratch) throws Exception {
    FunctionRef noop =
        new FunctionRef("docker", null, dockerImage, NOOP_CONTAINER, null, null, null, null, null);
    String engine = "engine: create+start+wait+remove";
    try (DockerClient docker = DockerExecutor.client(dockerHost)) {
      double direct = best(() -> engineDirect(docker, scratch.resolve("direct")));
      double fanout = bestRun(jobs, noop, containers, 1, null).seconds();
      return List.of(
          new Row(engine, containers, 1, direct, engine),
          new Row("fanout, docker no-op", containers, 1, fanout, engine));
    }
  }

  private LambdaExecutor.Limits lambdaLimits() {
    return new LambdaExecutor.Limits(
        lambdaConcurrency, lambdaConcurrency, LambdaExecutor.Limits.DEFAULT.maxPayloadBytes());
  }

  /** The same wave of trivial sub-jobs submitted one sbatch each, then as job arrays. */
  private List<Row> slurmRows(Path scratch, BlobStore blobs) throws Exception {
    String each = "slurm: one sbatch per sub-job";
    List<Row> rows = new ArrayList<>();
    for (Duration window : List.of(Duration.ZERO, Duration.ofMillis(200))) {
      SlurmSubmission.Timing timing =
          SlurmSubmission.run(
              scratch.resolve("slurm-" + window.toMillis()),
              slurmPartition,
              window,
              slurmSubJobs,
              new InvocationInput(blobs));
      rows.add(
          new Row(
              window.isZero() ? each : "slurm: job arrays (200 ms window)",
              slurmSubJobs,
              slurmSubJobs,
              timing.ended(),
              each,
              String.format("all submitted after %.2f s", timing.submitted())));
    }
    return rows;
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
      double fanout = bestRun(jobs, echo, invocations, lambdaConcurrency, null).seconds();
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

  /**
   * Keeps rows for the table at the end, and prints each at once, so a failure late in a long run
   * loses none of what was measured before it.
   */
  private void measured(List<Row> rows, Row... measured) {
    measured(rows, List.of(measured));
  }

  private void measured(List<Row> rows, List<Row> measured) {
    for (Row row : measured) {
      rows.add(row);
      err()
          .printf(
              "measured: %s, n %d, maxParallel %d: %.3f s %s%n",
              row.what(), row.n(), row.maxParallel(), row.seconds(), row.note());
    }
    err().flush();
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
              String.format("%.4f", row.perSecond() / baseline.perSecond()),
              row.note()));
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
                    "ratio to baseline",
                    "also"),
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

  private Run bestRun(JobService jobs, FunctionRef task, int n, int window, ObjectNode params) {
    Run best = null;
    for (int i = 0; i < repeat; i++) {
      Run run = runJob(jobs, task, n, window, params);
      best = best == null || run.seconds() < best.seconds() ? run : best;
    }
    return best;
  }

  /** A job of {@code n} sub-jobs of {@code task}, each given {@code params}, tallied. */
  static Run runJob(JobService jobs, FunctionRef task, int n, int window, ObjectNode params) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("owner", "bench");
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
    spec.set("task", Json.MAPPER.valueToTree(task));
    spec.set("reducer", Json.MAPPER.valueToTree(FunctionRef.java("tally")));
    ObjectNode input = spec.putObject("input").put("subJobs", n);
    input.set("params", params == null ? Json.MAPPER.createObjectNode() : params);
    spec.put("maxParallel", window);
    long start = System.nanoTime();
    String id = jobs.submit(spec, null);
    JobResult result = jobs.result(id).join();
    return new Run(id, result, (System.nanoTime() - start) / 1e9);
  }

  private double threadPool(JavaHandler noop, int threads, int subJobs) throws Exception {
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
