package dev.fanout.job;

import java.util.ArrayList;
import java.util.List;

/**
 * How many failed sub-jobs a job tolerates before it stops. A threshold that is not set does not
 * apply; with neither set no failure is tolerated. Exceeding either one stops the job, as in Step
 * Functions' distributed map.
 */
public record FailurePolicy(Integer toleratedFailures, Double toleratedFailurePercent) {

  public static final FailurePolicy NONE_TOLERATED = new FailurePolicy(0, null);

  /** The thresholds that are set, as {@code toleratedFailures=4, toleratedFailurePercent=2.5}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (toleratedFailures != null) {
      parts.add("toleratedFailures=" + toleratedFailures);
    }
    if (toleratedFailurePercent != null) {
      parts.add("toleratedFailurePercent=" + toleratedFailurePercent);
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** This policy with the thresholds that are not null replaced. */
  public FailurePolicy with(Integer failures, Double percent) {
    return new FailurePolicy(
        failures != null ? failures : toleratedFailures,
        percent != null ? percent : toleratedFailurePercent);
  }

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
