package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.Handlers;
import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.BlobStore;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.logs.LogStore;
import dev.fanout.usage.UsageLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An embedded Temporal server with Fanout's workers in this process, and how the bench times work
 * on it: a row's figure is the best of {@code repeat} runs.
 */
public final class BenchEngine implements AutoCloseable {

  /** A finished bench job. */
  record Run(String jobId, JobResult result, double seconds) {}

  /** Something timed once. */
  interface Measured {
    double seconds() throws Exception;
  }

  private final TemporalSession session;
  private final JobService jobs;
  private final BlobStore blobs;
  private final LogStore logs;
  private final Map<String, JavaHandler> handlers;
  private final int repeat;

  private BenchEngine(
      TemporalSession session,
      BlobStore blobs,
      LogStore logs,
      Map<String, JavaHandler> handlers,
      int repeat) {
    this.session = session;
    this.jobs = session.jobs();
    this.blobs = blobs;
    this.logs = logs;
    this.handlers = handlers;
    this.repeat = repeat;
  }

  /**
   * Starts {@code server} with workers for {@code pools}, keeping logs, blobs, work directories and
   * usage under {@code dir}.
   *
   * @param dockerHost the docker pool's engine, or null without one
   * @param lambdaEndpoint the lambda pool's endpoint, or null without one
   */
  public static BenchEngine start(
      EmbeddedTemporal server,
      Path dir,
      Set<String> pools,
      String dockerHost,
      URI lambdaEndpoint,
      LambdaExecutor.Limits lambdaLimits,
      int repeat) {
    Map<String, JavaHandler> handlers = Handlers.discover();
    BlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
    LogStore logs = new LogStore(dir.resolve("logs"));
    FanoutWorkers.Config workers =
        new FanoutWorkers.Config(
            pools,
            logs,
            blobs,
            handlers,
            Integer.MAX_VALUE,
            new FanoutWorkers.Executors(
                dir.resolve("work"),
                processSlots(),
                dockerHost,
                lambdaEndpoint,
                lambdaLimits,
                FanoutWorkers.DEFAULT_ACTIVITY_SLOTS,
                SlurmSettings.DEFAULT,
                new UsageLog(dir.resolve("usage"))),
            new SimpleMeterRegistry());
    TemporalSession session = TemporalSession.embedded(server, "default");
    try {
      session.serve(workers);
    } catch (RuntimeException e) {
      try {
        session.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return new BenchEngine(session, blobs, logs, handlers, repeat);
  }

  /** The process pool's slots, as a worker's default: one per core. */
  static int processSlots() {
    return Runtime.getRuntime().availableProcessors();
  }

  BlobStore blobs() {
    return blobs;
  }

  /** The jobs of this engine's server, for row families outside this package. */
  public JobService jobs() {
    return jobs;
  }

  /** Where this engine's workers write their task logs. */
  public LogStore logs() {
    return logs;
  }

  WorkflowClient client() {
    return session.client();
  }

  /** The server's address, for workers in other processes. */
  String address() {
    return session.address();
  }

  JavaHandler handler(String name) {
    return handlers.get(name);
  }

  /** A job of {@code n} sub-jobs of {@code task}, each given {@code params}, tallied. */
  Run runJob(FunctionRef task, int n, int window, ObjectNode params) {
    return run(spec("bench", task, n, window, params));
  }

  /** The job {@code spec} says, submitted and waited for. */
  Run run(ObjectNode spec) {
    long start = System.nanoTime();
    String id = jobs.submit(spec, null);
    JobResult result = jobs.result(id).join();
    return new Run(id, result, secondsSince(start));
  }

  /** The spec of such a job of {@code owner}'s. */
  static ObjectNode spec(String owner, FunctionRef task, int n, int window, ObjectNode params) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("owner", owner);
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
    spec.set("task", Json.MAPPER.valueToTree(task));
    spec.set("reducer", Json.MAPPER.valueToTree(FunctionRef.java("tally")));
    ObjectNode input = spec.putObject("input").put("subJobs", n);
    input.set("params", params == null ? Json.MAPPER.createObjectNode() : params);
    spec.put("maxParallel", window);
    return spec;
  }

  /** The fastest of {@code repeat} such jobs. */
  Run bestRun(FunctionRef task, int n, int window, ObjectNode params) {
    Run best = null;
    for (int i = 0; i < repeat; i++) {
      Run run = runJob(task, n, window, params);
      best = best == null || run.seconds() < best.seconds() ? run : best;
    }
    return best;
  }

  /** The fewest seconds of {@code repeat} measurements. */
  double best(Measured measured) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeat; i++) {
      best = Math.min(best, measured.seconds());
    }
    return best;
  }

  /** The most history events in any run of the job (the job's, its groups' and its pages'). */
  String largestRun(String jobId) {
    return largestRun(session.client(), jobs, jobId);
  }

  /** The most history events in any run of the job, on any server. */
  static String largestRun(WorkflowClient client, JobService jobs, String jobId) {
    List<String> runs = jobs.runs(jobId);
    int most = 0;
    for (String run : runs) {
      most = Math.max(most, client.fetchHistory(run).getEvents().size());
    }
    return "largest of " + runs.size() + " runs: " + most + " events";
  }

  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public void close() throws Exception {
    session.close();
  }
}
