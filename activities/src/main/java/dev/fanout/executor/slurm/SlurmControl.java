package dev.fanout.executor.slurm;

import dev.fanout.executor.InfrastructureException;
import dev.fanout.executor.RunState;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * How a worker talks to Slurm's controller: its commands ({@link SlurmCli}), or its REST API
 * ({@link SlurmRest}) where a site offers that instead of a login shell. Every call either has
 * Slurm's answer or throws: a lookup that failed, timed out or came back garbled says nothing about
 * a job, so no caller may take it for "gone".
 */
interface SlurmControl {

  /**
   * A job's state as Slurm names it, with its exit code once it has ended (128 + N for signal N).
   */
  record Status(String state, Integer exitCode) {

    static Status of(String state, int exitCode) {
      return new Status(state, SlurmState.of(state).ended() ? exitCode : null);
    }

    RunState meaning() {
      return SlurmState.of(state);
    }
  }

  /** A job or array element as Slurm lists it: its name and state. */
  record Listed(String name, Status status) {}

  static SlurmControl of(SlurmSettings settings) {
    return settings.rest() == null
        ? new SlurmCli(settings.commandPrefix(), settings.commandTimeout())
        : new SlurmRest(settings.rest(), settings.commandTimeout());
  }

  /** Submits the batch script; the job's id. */
  String submit(Path script) throws InfrastructureException;

  /**
   * The state of each of these jobs or array elements ({@code ID_N}) that the controller holds, in
   * one request; one it does not hold is absent.
   */
  Map<String, Status> statuses(Collection<String> jobIds) throws InfrastructureException;

  /**
   * Everything Slurm still keeps of one job: the controller's record, else the accounting
   * database's; empty only when Slurm says it has neither.
   */
  Optional<Status> record(String jobId) throws InfrastructureException;

  /** The jobs or array elements the controller holds under any of these job names, by id. */
  Map<String, Listed> named(Collection<String> names) throws InfrastructureException;

  void cancel(String jobId) throws InfrastructureException;
}
