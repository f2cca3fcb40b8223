package dev.fanout.job;

/**
 * How many failed sub-jobs a job tolerates before it stops. A threshold that is not set does not
 * apply; with neither set no failure is tolerated. Exceeding either one stops the job, as in Step
 * Functions' distributed map.
 */
public record FailurePolicy(Integer toleratedFailures, Double toleratedFailurePercent) {

  public static final FailurePolicy NONE_TOLERATED = new FailurePolicy(0, null);

  /** Whether {@code failed} failures out of {@code total} sub-jobs exceed this policy. */
  public boolean isExceeded(int failed, int total) {
    if (failed == 0) {
      return false;
    }
    if (toleratedFailures == null && toleratedFailurePercent == null) {
      return true;
    }
    boolean overCount = toleratedFailures != null && failed > toleratedFailures;
    boolean overPercent =
        toleratedFailurePercent != null && failed * 100.0 > toleratedFailurePercent * total;
    return overCount || overPercent;
  }
}
