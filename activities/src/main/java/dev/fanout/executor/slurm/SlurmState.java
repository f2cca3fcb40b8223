package dev.fanout.executor.slurm;

import dev.fanout.executor.RunState;
import java.util.Map;

/**
 * Slurm's one table: its job states (as squeue, scontrol, sacct and slurmrestd name them) to
 * Fanout's, as Nextflow's {@code STATUS_MAP}.
 */
final class SlurmState {

  private static final Map<String, RunState> TABLE =
      Map.ofEntries(
          Map.entry("PENDING", RunState.PENDING),
          Map.entry("CONFIGURING", RunState.PENDING),
          Map.entry("REQUEUED", RunState.PENDING),
          Map.entry("REQUEUE_FED", RunState.PENDING),
          Map.entry("REQUEUE_HOLD", RunState.PENDING),
          Map.entry("RESV_DEL_HOLD", RunState.PENDING),
          Map.entry("RUNNING", RunState.RUNNING),
          Map.entry("COMPLETING", RunState.RUNNING),
          Map.entry("RESIZING", RunState.RUNNING),
          Map.entry("SIGNALING", RunState.RUNNING),
          Map.entry("STAGE_OUT", RunState.RUNNING),
          Map.entry("SUSPENDED", RunState.RUNNING),
          Map.entry("STOPPED", RunState.RUNNING),
          // Ended by itself, with code 0 or another: the exit code says how.
          Map.entry("COMPLETED", RunState.EXITED),
          Map.entry("FAILED", RunState.EXITED),
          Map.entry("SPECIAL_EXIT", RunState.EXITED),
          Map.entry("TIMEOUT", RunState.TIMED_OUT),
          Map.entry("OUT_OF_MEMORY", RunState.OUT_OF_MEMORY),
          Map.entry("CANCELLED", RunState.CANCELLED),
          Map.entry("NODE_FAIL", RunState.INFRASTRUCTURE),
          Map.entry("PREEMPTED", RunState.INFRASTRUCTURE),
          Map.entry("BOOT_FAIL", RunState.INFRASTRUCTURE),
          // Fanout sets no --deadline: one the site imposed says nothing of the sub-job.
          Map.entry("DEADLINE", RunState.INFRASTRUCTURE),
          Map.entry("REVOKED", RunState.INFRASTRUCTURE));

  private SlurmState() {}

  /** The meaning of a state as Slurm prints it ({@code CANCELLED by 1000} from sacct included). */
  static RunState of(String slurmState) {
    String word = slurmState.strip();
    int space = word.indexOf(' ');
    return TABLE.getOrDefault(space < 0 ? word : word.substring(0, space), RunState.UNKNOWN);
  }
}
