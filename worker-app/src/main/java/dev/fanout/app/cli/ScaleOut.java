package dev.fanout.app.cli;

import dev.fanout.app.Main;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.jobdata.ResultManifest;
import dev.fanout.logs.LogStore;
import dev.fanout.usage.UsageLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * "Doubling the computers halves the time": one job against a standalone dev server, run by one and
 * then two separate worker processes whose slots are the bottleneck, with sub-jobs that sleep so
 * the two cores are not.
 */
final class ScaleOut {

  private static final int SLOTS_PER_WORKER = 10;
  private static final int SLEEP_MS = 250;

  /** Wider than both workers' slots together, so the slots, not the window, are the bottleneck. */
  private static final int WINDOW = SLOTS_PER_WORKER * 4;

  private ScaleOut() {}

  static List<BenchCommand.Row> rows(Path dir, int subJobs) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
    try (TemporalSession session =
        TemporalSession.embedded(EmbeddedTemporal.onLoopback(port), "default")) {
      session.serve(
          new FanoutWorkers.Config(
              Set.of(FanoutWorkers.WORKFLOWS),
              new LogStore(dir.resolve("logs")),
              blobs,
              Map.of(),
              Integer.MAX_VALUE,
              new FanoutWorkers.Executors(
                  dir.resolve("work"),
                  1,
                  null,
                  null,
                  LambdaExecutor.Limits.DEFAULT,
                  FanoutWorkers.DEFAULT_ACTIVITY_SLOTS,
                  SlurmSettings.DEFAULT,
                  new UsageLog(dir.resolve("usage"))),
              new SimpleMeterRegistry()));
      List<BenchCommand.Row> rows = new ArrayList<>();
      String one = "scale-out: 1 worker × " + SLOTS_PER_WORKER + " slots";
      for (int workers = 1; workers <= 2; workers++) {
        List<Process> processes = new ArrayList<>();
        try {
          for (int i = 0; i < workers; i++) {
            processes.add(startWorker(session.address(), dir));
          }
          var run =
              BenchCommand.runJob(
                  session.jobs(),
                  FunctionRef.java("sleep"),
                  subJobs,
                  WINDOW,
                  Json.MAPPER.createObjectNode().put("millis", SLEEP_MS));
          String what =
              workers == 1
                  ? one
                  : "scale-out: " + workers + " workers × " + SLOTS_PER_WORKER + " slots";
          rows.add(
              new BenchCommand.Row(
                  what,
                  subJobs,
                  WINDOW,
                  run.seconds(),
                  one,
                  "sub-jobs per worker " + perWorker(blobs, run.result().results()).values()));
        } finally {
          for (Process p : processes) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
          }
        }
      }
      return rows;
    }
  }

  /** A {@code fanout worker} in its own JVM, serving only the java pool; returns once it serves. */
  private static Process startWorker(String address, Path dir) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
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
                dir.resolve("blobs").toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("serving ")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "worker-output");
        drain.setDaemon(true);
        drain.start();
        return process;
      }
    }
    throw new IOException("worker process ended before serving: exit " + process.exitValue());
  }

  /** How many sub-jobs each worker process ran, by the process in their executor ids. */
  private static Map<String, Integer> perWorker(FileBlobStore blobs, String manifest)
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
