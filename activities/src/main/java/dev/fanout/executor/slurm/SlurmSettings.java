package dev.fanout.executor.slurm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a worker reaches its cluster: the site's settings, the same for every job it serves.
 *
 * @param commandPrefix put before every Slurm command, e.g. {@code ssh login1}; empty to run them
 *     here
 * @param partition {@code --partition}, or null for the cluster's default; likewise the others
 * @param containerRuntime what wraps a function that names an image
 * @param pollInterval how often one {@code squeue} asks after all of this worker's jobs
 * @param commandTimeout how long one Slurm command (or slurmrestd request) may take before it is
 *     killed and its answer taken as unknown
 * @param arrayWindow sub-jobs of one job with the same resources that start within this long of
 *     each other are submitted as one job array; zero submits each on its own
 * @param arrayThrottle at most this many elements of an array run at once ({@code %N}); 0 for no
 *     limit beyond the job's own window
 * @param maxArraySize the cluster's MaxArraySize: an array's indexes stay below it, and a larger
 *     wave becomes several arrays
 * @param rest slurmrestd to submit through instead of the commands; null to use the commands
 */
public record SlurmSettings(
    List<String> commandPrefix,
    String partition,
    String account,
    String qos,
    String constraint,
    ContainerRuntime containerRuntime,
    Duration pollInterval,
    Duration commandTimeout,
    Duration arrayWindow,
    int arrayThrottle,
    int maxArraySize,
    Rest rest) {

  /** Slurm's own default. */
  public static final int DEFAULT_MAX_ARRAY_SIZE = 1001;

  /**
   * Long enough for a busy controller (Slurm's own MessageTimeout is 10 s by default), short enough
   * that a hung command holds the worker's one poller for half a minute at most.
   */
  public static final int DEFAULT_COMMAND_TIMEOUT_SECONDS = 30;

  /** Refuses a setting that could not reach a directive safely, naming it. */
  public SlurmSettings {
    commandPrefix = List.copyOf(commandPrefix);
    JobScript.check(partition, account, qos, constraint);
    if (commandTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "slurm-command-timeout-seconds: must be at least 1, was " + commandTimeout.toSeconds());
    }
    if (maxArraySize < 1) {
      throw new IllegalArgumentException(
          "slurm-max-array-size: must be at least 1, was " + maxArraySize);
    }
  }

  public static final SlurmSettings DEFAULT =
      new SlurmSettings(
          List.of(),
          null,
          null,
          null,
          null,
          ContainerRuntime.APPTAINER,
          Duration.ofSeconds(2),
          Duration.ofSeconds(DEFAULT_COMMAND_TIMEOUT_SECONDS),
          Duration.ofMillis(200),
          0,
          DEFAULT_MAX_ARRAY_SIZE,
          null);

  /** A cluster reached from here, on {@code partition}, with these timings; the rest default. */
  public static SlurmSettings onPartition(
      String partition, Duration pollInterval, Duration arrayWindow, int arrayThrottle) {
    return new SlurmSettings(
        List.of(),
        partition,
        null,
        null,
        null,
        ContainerRuntime.APPTAINER,
        pollInterval,
        Duration.ofSeconds(DEFAULT_COMMAND_TIMEOUT_SECONDS),
        arrayWindow,
        arrayThrottle,
        DEFAULT_MAX_ARRAY_SIZE,
        null);
  }

  /**
   * Slurm's REST API as {@code slurmrestd} serves it with JWT authentication.
   *
   * @param url such as {@code http://slurm-rest:6820}
   * @param user the user jobs are submitted as ({@code X-SLURM-USER-NAME})
   * @param tokenFile a file holding the user's token ({@code scontrol token} prints one), read
   *     again for every request so it can be renewed in place; null to take {@code SLURM_JWT} from
   *     the environment
   */
  public record Rest(URI url, String user, Path tokenFile) {}

  /** Container runtimes found on HPC systems; each binds the work directory at /fanout. */
  public enum ContainerRuntime {
    APPTAINER,
    SINGULARITY,
    PODMAN_HPC,
    SHIFTER
  }
}
