package dev.fanout.executor;

import dev.fanout.job.FailureType;
import java.util.Optional;

/**
 * Where a run stands in Fanout's terms: what each platform's one table maps its native states onto
 * ({@code SlurmState}, {@code DockerState}), as Nextflow's grid executors map theirs onto its few.
 */
public enum RunState {
  /** Waiting to run. */
  PENDING(null),
  /** Running, or holding its resources while it finishes or is suspended. */
  RUNNING(null),
  /** Ended by itself: its {@link ExitStatus} says how. */
  EXITED(null),
  /** Killed at its walltime: the sub-job's failure, and a need for more time. */
  TIMED_OUT(FailureType.TIMEOUT),
  /** Killed at its memory limit: the sub-job's failure, and a need for more memory. */
  OUT_OF_MEMORY(FailureType.OUT_OF_MEMORY),
  /** Cancelled on the platform by someone other than Fanout: the sub-job's failure. */
  CANCELLED(FailureType.CANCELLED),
  /** Ended by the platform's trouble, not the sub-job's: tried again. */
  INFRASTRUCTURE(null),
  /**
   * A state the platform's table does not know: taken as still active, so nothing ends on a guess.
   */
  UNKNOWN(null);

  private final FailureType failure;

  RunState(FailureType failure) {
    this.failure = failure;
  }

  /** Whether a run in this state no longer runs. */
  public boolean ended() {
    return this != PENDING && this != RUNNING && this != UNKNOWN;
  }

  /** The sub-job's failure this ending is by itself; empty when it is not one, or its exit says. */
  public Optional<FailureType> failure() {
    return Optional.ofNullable(failure);
  }
}
