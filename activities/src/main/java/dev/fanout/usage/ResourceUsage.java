package dev.fanout.usage;

import dev.fanout.job.Resources;
import java.time.Instant;

/**
 * One run of a function as it was asked for and as it went: a line of {@link UsageLog}.
 *
 * @param outcome {@code COMPLETED} (exit 0), {@code FAILED} (another exit code), or the executor's
 *     word for a limit it hit: {@code TIMEOUT}, {@code OUT_OF_MEMORY}
 * @param elapsedSeconds wall time of the command; null if it was killed before it could say
 * @param maxRssMb the largest resident set of the command and its children, in MiB
 * @param cpuPercent user plus system CPU time over wall time: 400 is four cores kept busy
 */
public record ResourceUsage(
    Instant at,
    String function,
    String jobId,
    int taskIndex,
    Resources requested,
    String outcome,
    Double elapsedSeconds,
    Integer maxRssMb,
    Integer cpuPercent) {

  public static final String COMPLETED = "COMPLETED";
  public static final String TIMEOUT = "TIMEOUT";
  public static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";

  /** A run that ended by itself and was measured: what a suggestion is made of. */
  public boolean measured() {
    return COMPLETED.equals(outcome) && elapsedSeconds != null && maxRssMb != null;
  }
}
