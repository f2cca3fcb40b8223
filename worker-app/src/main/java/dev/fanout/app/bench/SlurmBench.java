package dev.fanout.app.bench;

import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.slurm.SlurmExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.usage.UsageLog;
import dev.fanout.workflow.Invocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many trivial sub-jobs handed to the Slurm executor at once, as a job's window would: how long
 * until all were submitted, and until all had ended; one sbatch each against job arrays.
 */
public final class SlurmBench {

  /** Seconds until every sub-job was submitted, and until every one had ended. */
  private record Timing(double submitted, double ended) {}

  private SlurmBench() {}

  public static List<BenchRow> rows(Path dir, String partition, int subJobs) throws Exception {
    Timing each = run(dir.resolve("slurm-0"), partition, Duration.ZERO, subJobs);
    BenchRow sbatch =
        BenchRow.baseline("slurm: one sbatch per sub-job", subJobs, subJobs, each.ended())
            .withNote(submittedAfter(each));
    Timing arrays = run(dir.resolve("slurm-200"), partition, Duration.ofMillis(200), subJobs);
    return List.of(
        sbatch,
        BenchRow.against(
                sbatch, "slurm: job arrays (200 ms window)", subJobs, subJobs, arrays.ended())
            .withNote(submittedAfter(arrays)));
  }

  private static String submittedAfter(Timing timing) {
    return String.format("all submitted after %.2f s", timing.submitted());
  }

  private static Timing run(Path dir, String partition, Duration arrayWindow, int subJobs)
      throws Exception {
    SlurmSettings settings =
        SlurmSettings.onPartition(partition, Duration.ofSeconds(1), arrayWindow, 0);
    LogStore logs = new LogStore(dir.resolve("logs"));
    InvocationInput input = new InvocationInput(new FileBlobStore(dir.resolve("blobs")));
    FunctionRef echo = FunctionRef.command("slurm", List.of("sh", "-c", "echo '{}' > output.json"));
    String job = "slurm-bench-" + (arrayWindow.isZero() ? "sbatch" : "arrays");
    ExecutorService pool = Executors.newFixedThreadPool(subJobs);
    try (SlurmExecutor executor =
        new SlurmExecutor(
            dir.resolve("work"), settings, input, new UsageLog(dir.resolve("usage")))) {
      long start = System.nanoTime();
      List<Future<RunningInvocation>> submitted = new ArrayList<>();
      for (int i = 0; i < subJobs; i++) {
        Invocation invocation =
            Invocation.task(job, i, "n" + i, echo, Json.MAPPER.createObjectNode());
        TaskLog log = logs.open(job, invocation.logName());
        submitted.add(pool.submit(() -> executor.start(invocation, 1, log)));
      }
      List<RunningInvocation> running = new ArrayList<>();
      for (Future<RunningInvocation> f : submitted) {
        running.add(f.get());
      }
      double allSubmitted = BenchEngine.secondsSince(start);
      for (RunningInvocation r : running) {
        Optional<?> output;
        do {
          output = r.awaitOutput(Duration.ofSeconds(1));
        } while (output.isEmpty());
      }
      return new Timing(allSubmitted, BenchEngine.secondsSince(start));
    } finally {
      pool.shutdownNow();
    }
  }
}
