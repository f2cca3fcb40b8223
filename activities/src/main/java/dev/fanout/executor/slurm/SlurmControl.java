package dev.fanout.executor.slurm;

import dev.fanout.executor.InfrastructureException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * How a worker talks to Slurm's controller: its commands ({@link SlurmCli}), or its REST API
 * ({@link SlurmRest}) where a site offers that instead of a login shell.
 */
interface SlurmControl {

  /** A job's state as Slurm reports it, with its exit code when it has one. */
  record Status(String state, Integer exitCode) {

    /** Slurm's states in which a job no longer runs. */
    boolean ended() {
      return switch (state) {
        case "COMPLETED",
                "FAILED",
                "CANCELLED",
                "TIMEOUT",
                "NODE_FAIL",
                "PREEMPTED",
                "OUT_OF_MEMORY",
                "BOOT_FAIL",
                "DEADLINE" ->
            true;
        default -> false;
      };
    }
  }

  static SlurmControl of(SlurmSettings settings) {
    return settings.rest() == null
        ? new SlurmCli(settings.commandPrefix())
        : new SlurmRest(settings.rest());
  }

  /** Submits the batch script; the job's id. */
  String submit(Path script) throws InfrastructureException;

  /**
   * The state of each of these jobs or array elements ({@code ID_N}) in one request; a job Slurm
   * has forgotten is absent from the answer.
   */
  Map<String, Status> statuses(Collection<String> jobIds) throws InfrastructureException;

  /** One job's state and exit code, while Slurm keeps its record. */
  Optional<Status> shown(String jobId);

  void cancel(String jobId) throws InfrastructureException;
}
