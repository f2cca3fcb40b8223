package dev.fanout.executor.slurm;

import dev.fanout.executor.InfrastructureException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every Slurm job of this worker with one {@code squeue} per interval, not one per job: a
 * worker may wait on thousands, and the controller is shared with everyone on the cluster.
 */
final class SlurmQueue implements AutoCloseable {

  /** A job Slurm no longer knows: it ended long enough ago to be forgotten. */
  static final SlurmControl.Status FORGOTTEN = new SlurmControl.Status("FORGOTTEN", null);

  private static final Logger log = LoggerFactory.getLogger(SlurmQueue.class);

  private final SlurmControl cli;
  private final Map<String, CompletableFuture<SlurmControl.Status>> watched =
      new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slurm-poller");
            t.setDaemon(true);
            return t;
          });

  SlurmQueue(SlurmControl cli, Duration interval) {
    this.cli = cli;
    poller.scheduleWithFixedDelay(
        this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Completes once the job has ended, with how. */
  CompletableFuture<SlurmControl.Status> watch(String jobId) {
    return watched.computeIfAbsent(jobId, id -> new CompletableFuture<>());
  }

  void forget(String jobId) {
    watched.remove(jobId);
  }

  private void poll() {
    List<String> ids = List.copyOf(watched.keySet());
    if (ids.isEmpty()) {
      return;
    }
    Map<String, SlurmControl.Status> statuses;
    try {
      statuses = cli.statuses(ids);
    } catch (InfrastructureException | RuntimeException e) {
      // Never let one bad answer end the polling: a scheduled task that throws is not run again.
      log.warn("cannot ask Slurm about {} jobs, trying again: {}", ids.size(), e.toString());
      return;
    }
    for (String id : ids) {
      SlurmControl.Status status = statuses.getOrDefault(id, FORGOTTEN);
      if (status.ended() || status == FORGOTTEN) {
        CompletableFuture<SlurmControl.Status> ended = watched.remove(id);
        if (ended != null) {
          ended.complete(status);
        }
      }
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
