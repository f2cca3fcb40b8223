package dev.fanout.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.fanout.job.SubJobResult;
import dev.fanout.jobdata.ResultManifest;
import dev.fanout.logs.LogStore;
import dev.fanout.usage.UsageLog;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.owner.OwnerWorkflow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fanout's embedded Temporal server with Fanout's real workflow, activity and Java executor, wired
 * as {@code fanout run} wires them, with handlers each test supplies.
 */
final class Engine implements AutoCloseable {

  /**
   * Set {@code -Dfanout.recordHistories=true} to rewrite the recorded histories that {@link
   * ReplayTest} replays; do it only for a deliberate, versioned change of the workflow.
   */
  static final boolean RECORD = Boolean.getBoolean("fanout.recordHistories");

  static final Path HISTORIES = Path.of("src/test/resources/histories");

  final LogStore logs;
  final JobService jobs;
  final BlobStore blobs;
  private final TemporalSession session;

  Engine(Path logDir, Map<String, JavaHandler> handlers) {
    this(logDir, handlers, 500);
  }

  Engine(Path logDir, Map<String, JavaHandler> handlers, int maxParallelCeiling) {
    this(logDir, handlers, maxParallelCeiling, Paging.Shape.DEFAULT);
  }

  /**
   * @param paging how jobs size and group their pages: small, to reach groups with few sub-jobs
   */
  Engine(
      Path logDir, Map<String, JavaHandler> handlers, int maxParallelCeiling, Paging.Shape paging) {
    this(logDir, handlers, maxParallelCeiling, paging, 2);
  }

  /**
   * @param processSlots how many processes the process pool runs at once
   */
  Engine(
      Path logDir,
      Map<String, JavaHandler> handlers,
      int maxParallelCeiling,
      Paging.Shape paging,
      int processSlots) {
    logs = new LogStore(logDir);
    blobs = new FileBlobStore(logDir.resolve("blobs"));
    session =
        TemporalSession.embedded(EmbeddedTemporal.inProcess(), "default")
            .serve(
                new FanoutWorkers.Config(
                        FanoutWorkers.POOLS,
                        logs,
                        blobs,
                        handlers,
                        maxParallelCeiling,
                        new FanoutWorkers.Executors(
                            logDir.resolve("work"),
                            processSlots,
                            System.getenv()
                                .getOrDefault("FANOUT_DOCKER_HOST", "unix:///var/run/docker.sock"),
                            Optional.ofNullable(System.getenv("FANOUT_LAMBDA_ENDPOINT"))
                                .map(URI::create)
                                .orElse(null),
                            LambdaExecutor.Limits.DEFAULT,
                            FanoutWorkers.DEFAULT_ACTIVITY_SLOTS,
                            slurm(),
                            new UsageLog(logDir.resolve("usage"))),
                        new SimpleMeterRegistry())
                    .withPaging(paging));
    jobs = session.jobs(blobs);
  }

  WorkflowClient client() {
    return session.client();
  }

  /** The test cluster scripts/slurm.sh starts, when FANOUT_SLURM_PARTITION names its partition. */
  private static SlurmSettings slurm() {
    return SlurmSettings.onPartition(
        System.getenv("FANOUT_SLURM_PARTITION"), Duration.ofMillis(300), Duration.ofMillis(200), 0);
  }

  /** A spec with Java mapper, task and (optional) reducer handlers. */
  static ObjectNode spec(String mapper, String task, String reducer, JsonNode input) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("owner", "tester");
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java(mapper)));
    spec.set("task", Json.MAPPER.valueToTree(FunctionRef.java(task)));
    if (reducer != null) {
      spec.set("reducer", Json.MAPPER.valueToTree(FunctionRef.java(reducer)));
    }
    spec.set("input", input);
    spec.putObject("retry").put("maxAttempts", 1);
    return spec;
  }

  /** The job's results manifest, every line read back, outputs from the store included. */
  List<SubJobResult> results(JobResult result) throws IOException {
    try (ResultManifest.Results results = ResultManifest.read(blobs, result.results())) {
      List<SubJobResult> all = new ArrayList<>();
      results.forEach(all::add);
      return all;
    }
  }

  /**
   * Records the job's history as {@code name.json} and each of its pages' and groups' as {@code
   * name.page-N.json}, {@code name.pages-F-L.json}.
   */
  void record(String jobId, String name) throws IOException {
    if (!RECORD) {
      return;
    }
    Files.createDirectories(HISTORIES);
    for (String run : jobs.runs(jobId)) {
      String suffix = run.equals(jobId) ? "" : "." + run.substring(jobId.length() + 1);
      Files.writeString(HISTORIES.resolve(name + suffix + ".json"), jobs.historyJson(run));
    }
  }

  /** Records an owner's ledger (still running: a ledger never ends) as {@code name.json}. */
  void recordLedger(String owner, String name) throws IOException {
    if (RECORD) {
      Files.writeString(
          HISTORIES.resolve(name + ".json"), jobs.historyJson(OwnerWorkflow.id(owner)));
    }
  }

  @Override
  public void close() throws Exception {
    session.close();
  }
}
