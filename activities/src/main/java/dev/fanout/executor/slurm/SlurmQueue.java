package dev.fanout.executor.slurm;

import dev.fanout.executor.InfrastructureException;
import dev.fanout.executor.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>A look that fails says nothing: every job is still active until a good answer says otherwise
 * (as Nextflow's grid executors take a missing snapshot). A job is given up only when two good
 * answers in a row lack it and Slurm then has no record of it either.
 */
final class SlurmQueue implements AutoCloseable {

  /** Good answers in a row that must lack a job before Slurm's records are asked. */
  static final int ABSENCES = 2;

  private static final Logger log = LoggerFactory.getLogger(SlurmQueue.class);

  /** One watched job: how it ended, once it has; and how many good answers in a row lacked it. */
  private static final class Watch {
    final CompletableFuture<Optional<SlurmControl.Status>> ended = new CompletableFuture<>();
    int absences;
  }

  private final SlurmControl control;
  private final Map<String, Watch> watched = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slurm-poller");
            t.setDaemon(true);
            return t;
          });

  SlurmQueue(SlurmControl control, Duration interval) {
    this.control = control;
    poller.scheduleWithFixedDelay(
        this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Completes once the job has ended, with Slurm's last word on it; empty if Slurm no longer knows
   * it at all.
   */
  CompletableFuture<Optional<SlurmControl.Status>> watch(String jobId) {
    return watched.computeIfAbsent(jobId, id -> new Watch()).ended;
  }

  void forget(String jobId) {
    watched.remove(jobId);
  }

  private void poll() {
    try {
      look();
    } catch (RuntimeException e) {
      // Never let one bad answer end the polling: a scheduled task that throws is not run again.
      log.warn("cannot watch Slurm's jobs this time: {}", e.toString());
    }
  }

  private void look() {
    List<String> ids = List.copyOf(watched.keySet());
    if (ids.isEmpty()) {
      return;
    }
    Map<String, SlurmControl.Status> statuses;
    try {
      statuses = control.statuses(ids);
    } catch (InfrastructureException e) {
      log.warn(
          "no answer from Slurm about {} jobs, taking them as active: {}",
          ids.size(),
          e.getMessage());
      return;
    }
    // Until one record contradicts this answer, or cannot be had: then it says nothing more.
    boolean confirming = true;
    for (String id : ids) {
      Watch watch = watched.get(id);
      if (watch == null) {
        continue;
      }
      SlurmControl.Status status = statuses.get(id);
      if (status == null) {
        if (++watch.absences < ABSENCES || !confirming) {
          continue;
        }
        try {
          Optional<SlurmControl.Status> record = control.record(id);
          if (record.isEmpty()) {
            end(id, Optional.empty());
            continue;
          }
          status = record.get();
          confirming = false; // Slurm holds what the answer lacked
        } catch (InfrastructureException e) {
          // The rest wait for the next look rather than each for its own timeout now.
          log.warn("no record of Slurm job {} this time: {}", id, e.getMessage());
          confirming = false;
          continue;
        }
      }
      watch.absences = 0;
      if (status.meaning().ended()) {
        end(id, Optional.of(status));
      } else if (status.meaning() == RunState.UNKNOWN) {
        log.warn("Slurm job {} is {}, a state Fanout does not know: still waiting", id, status);
      }
    }
  }

  private void end(String id, Optional<SlurmControl.Status> how) {
    Watch ended = watched.remove(id);
    if (ended != null) {
      ended.ended.complete(how);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
