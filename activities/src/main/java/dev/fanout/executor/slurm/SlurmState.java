package dev.fanout.executor.slurm;

import java.util.Map;

/**
 * What a Slurm job state means to Fanout: one table from Slurm's states (as squeue, scontrol, sacct
 * and slurmrestd name them) to what a sub-job does next, as Nextflow's {@code STATUS_MAP}.
 */
enum SlurmState {
  /** Waiting to run. */
  PENDING,
  /** Running, or holding its allocation while it finishes or is suspended. */
  RUNNING,
  /** Ended by itself with code 0. */
  COMPLETED,
  /** Ended by itself with another code (its exit code says which). */
  FAILED,
  /** Killed at its walltime: the sub-job's failure, and a need for more time. */
  TIMEOUT,
  /** Killed at its memory limit: the sub-job's failure, and a need for more memory. */
  OUT_OF_MEMORY,
  /** Cancelled in Slurm by someone other than Fanout: the sub-job's failure. */
  CANCELLED,
  /** Ended by the cluster's trouble, not the sub-job's: tried again. */
  INFRASTRUCTURE,
  /** A state this table does not know: taken as still active, so nothing ends on a guess. */
  UNKNOWN;

  private static final Map<String, SlurmState> TABLE =
      Map.ofEntries(
          Map.entry("PENDING", PENDING),
          Map.entry("CONFIGURING", PENDING),
          Map.entry("REQUEUED", PENDING),
          Map.entry("REQUEUE_FED", PENDING),
          Map.entry("REQUEUE_HOLD", PENDING),
          Map.entry("RESV_DEL_HOLD", PENDING),
          Map.entry("RUNNING", RUNNING),
          Map.entry("COMPLETING", RUNNING),
          Map.entry("RESIZING", RUNNING),
          Map.entry("SIGNALING", RUNNING),
          Map.entry("STAGE_OUT", RUNNING),
          Map.entry("SUSPENDED", RUNNING),
          Map.entry("STOPPED", RUNNING),
          Map.entry("COMPLETED", COMPLETED),
          Map.entry("FAILED", FAILED),
          Map.entry("SPECIAL_EXIT", FAILED),
          Map.entry("TIMEOUT", TIMEOUT),
          Map.entry("OUT_OF_MEMORY", OUT_OF_MEMORY),
          Map.entry("CANCELLED", CANCELLED),
          Map.entry("NODE_FAIL", INFRASTRUCTURE),
          Map.entry("PREEMPTED", INFRASTRUCTURE),
          Map.entry("BOOT_FAIL", INFRASTRUCTURE),
          // Fanout sets no --deadline: one the site imposed says nothing of the sub-job.
          Map.entry("DEADLINE", INFRASTRUCTURE),
          Map.entry("REVOKED", INFRASTRUCTURE));

  /** The meaning of a state as Slurm prints it ({@code CANCELLED by 1000} from sacct included). */
  static SlurmState of(String slurmState) {
    String word = slurmState.strip();
    int space = word.indexOf(' ');
    return TABLE.getOrDefault(space < 0 ? word : word.substring(0, space), UNKNOWN);
  }

  /** Whether a job in this state no longer runs. */
  boolean ended() {
    return this != PENDING && this != RUNNING && this != UNKNOWN;
  }
}
