package dev.fanout.app.bench;

import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.BlobStore;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.jobdata.ResultManifest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * "Doubling the computers halves the time": one job against a standalone dev server, run by one and
 * then two separate worker processes whose slots are the bottleneck, with sub-jobs that sleep so
 * the two cores are not.
 */
public final class ScaleOutBench {

  private static final int SLOTS_PER_WORKER = 10;
  private static final int SLEEP_MS = 250;

  /** Wider than both workers' slots together, so the slots, not the window, are the bottleneck. */
  private static final int WINDOW = SLOTS_PER_WORKER * 4;

  private ScaleOutBench() {}

  public static List<BenchRow> rows(Path dir, int subJobs) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (BenchEngine engine =
        BenchEngine.start(
            EmbeddedTemporal.onLoopback(port),
            dir,
            Set.of(FanoutWorkers.WORKFLOWS),
            null,
            null,
            LambdaExecutor.Limits.DEFAULT,
            1)) {
      BenchRow one = withWorkers(engine, dir, 1, subJobs, null);
      return List.of(one, withWorkers(engine, dir, 2, subJobs, one));
    }
  }

  /** The job run by {@code workers} worker processes; {@code baseline} null makes it a baseline. */
  private static BenchRow withWorkers(
      BenchEngine engine, Path dir, int workers, int subJobs, BenchRow baseline) throws Exception {
    List<BenchProcess> processes = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        processes.add(startWorker(engine.address(), dir));
      }
      BenchEngine.Run run =
          engine.runJob(
              FunctionRef.java("sleep"),
              subJobs,
              WINDOW,
              Json.MAPPER.createObjectNode().put("millis", SLEEP_MS));
      return new BenchRow(
          "scale-out: "
              + workers
              + (workers == 1 ? " worker" : " workers")
              + " × "
              + SLOTS_PER_WORKER
              + " slots",
          subJobs,
          WINDOW,
          run.seconds(),
          baseline,
          "sub-jobs per worker " + perWorker(engine.blobs(), run.result().results()).values());
    } finally {
      for (BenchProcess p : processes) {
        p.close();
      }
    }
  }

  /** A {@code fanout worker} in its own JVM, serving only the java pool; returns once it serves. */
  private static BenchProcess startWorker(String address, Path dir) throws IOException {
    return BenchProcess.start(
        List.of(),
        List.of(
            "worker",
            "--temporal",
            address,
            "--queues",
            "java",
            "--activity-slots",
            String.valueOf(SLOTS_PER_WORKER),
            "--home",
            dir.toString(),
            "--blobs",
            dir.resolve("blobs").toString()),
        "serving ");
  }

  /** How many sub-jobs each worker process ran, by the process in their executor ids. */
  private static Map<String, Integer> perWorker(BlobStore blobs, String manifest)
      throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    try (ResultManifest.Results results = ResultManifest.read(blobs, manifest)) {
      for (SubJobResult r : results) {
        String id = r.executorId();
        String process = id.substring(0, id.lastIndexOf(':'));
        counts.merge(process, 1, Integer::sum);
      }
    }
    return counts;
  }
}
