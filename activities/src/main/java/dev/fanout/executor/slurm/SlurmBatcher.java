package dev.fanout.executor.slurm;

import dev.fanout.executor.InfrastructureException;
import dev.fanout.executor.InvocationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers attempts of one job with the same resources that start within a short window and submits
 * them as one job array: one sbatch and one scheduler entry for a whole wave of sub-jobs, instead
 * of one each. Each attempt gets its element's id ({@code ARRAYID_N}) and is watched, retried and
 * cancelled on its own.
 */
final class SlurmBatcher implements AutoCloseable {

  private final Path workRoot;
  private final Submissions submissions;
  private final Duration window;
  private final int throttle;

  /** Indexes run from 0 and must stay below the cluster's MaxArraySize: this many at most. */
  private final int maxElements;

  private final Map<String, Batch> open = new HashMap<>();
  private final ScheduledExecutorService flusher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slurm-arrays");
            t.setDaemon(true);
            return t;
          });

  private static final class Batch {
    final String key;
    final Map<String, String> shared;
    final List<Path> workDirs = new ArrayList<>();
    final List<CompletableFuture<String>> ids = new ArrayList<>();

    Batch(String key, Map<String, String> shared) {
      this.key = key;
      this.shared = shared;
    }
  }

  SlurmBatcher(Path workRoot, Submissions submissions, SlurmSettings settings) {
    this.workRoot = workRoot;
    this.submissions = submissions;
    this.window = settings.arrayWindow();
    this.throttle = settings.arrayThrottle();
    this.maxElements = settings.maxArraySize();
  }

  /** Adds an attempt to the open array of its job and resources; completes with its element id. */
  synchronized CompletableFuture<String> add(
      String jobId, Map<String, String> shared, Path workDir) {
    String key = jobId + " " + shared;
    Batch batch = open.get(key);
    if (batch == null) {
      Batch opened = new Batch(key, shared);
      open.put(key, opened);
      flusher.schedule(() -> closeIfOpen(opened), window.toMillis(), TimeUnit.MILLISECONDS);
      batch = opened;
    }
    CompletableFuture<String> id = new CompletableFuture<>();
    batch.workDirs.add(workDir);
    batch.ids.add(id);
    if (batch.workDirs.size() >= maxElements) {
      // Out of the open ones now, so the next attempt starts another array.
      open.remove(key);
      Batch full = batch;
      flusher.execute(() -> submit(full));
    }
    return id;
  }

  /** When the window ends: submits the batch unless it filled up and went already. */
  private void closeIfOpen(Batch batch) {
    synchronized (this) {
      if (open.get(batch.key) != batch) {
        return;
      }
      open.remove(batch.key);
    }
    submit(batch);
  }

  private void submit(Batch batch) {
    try {
      String name = Submissions.name("array");
      Path dir = workRoot.resolve("arrays").resolve(name);
      Files.createDirectories(dir);
      Files.write(
          dir.resolve(JobScript.BATCH_DIRS), batch.workDirs.stream().map(Path::toString).toList());
      Path script = dir.resolve("array.sh");
      Files.writeString(
          script, JobScript.array(batch.shared, dir, batch.workDirs.size(), throttle, name));
      String arrayId = submissions.array(script, name, batch.workDirs);
      for (int i = 0; i < batch.ids.size(); i++) {
        batch.ids.get(i).complete(arrayId + "_" + i);
      }
    } catch (IOException | InvocationException | InfrastructureException | RuntimeException e) {
      batch.ids.forEach(id -> id.completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
  }
}
