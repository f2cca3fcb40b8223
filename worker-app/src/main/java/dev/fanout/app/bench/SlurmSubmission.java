package dev.fanout.app.bench;

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
 * until all were submitted, and until all had ended. Run with and without job arrays.
 */
public final class SlurmSubmission {

  /** Seconds until every sub-job was submitted, and until every one had ended. */
  public record Timing(double submitted, double ended) {}

  private SlurmSubmission() {}

  public static Timing run(
      Path scratch, String partition, Duration arrayWindow, int subJobs, InvocationInput input)
      throws Exception {
    SlurmSettings settings =
        SlurmSettings.onPartition(partition, Duration.ofSeconds(1), arrayWindow, 0);
    LogStore logs = new LogStore(scratch.resolve("logs"));
    FunctionRef echo = FunctionRef.command("slurm", List.of("sh", "-c", "echo '{}' > output.json"));
    String job = "slurm-bench-" + (arrayWindow.isZero() ? "sbatch" : "arrays");
    ExecutorService pool = Executors.newFixedThreadPool(subJobs);
    try (SlurmExecutor executor =
        new SlurmExecutor(
            scratch.resolve("work"), settings, input, new UsageLog(scratch.resolve("usage")))) {
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
      double allSubmitted = (System.nanoTime() - start) / 1e9;
      for (RunningInvocation r : running) {
        Optional<?> output;
        do {
          output = r.awaitOutput(Duration.ofSeconds(1));
        } while (output.isEmpty());
      }
      return new Timing(allSubmitted, (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
