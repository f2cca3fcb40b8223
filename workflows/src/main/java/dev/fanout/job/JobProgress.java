package dev.fanout.job;

import java.time.Instant;

/**
 * The answer to the {@code progress} query.
 *
 * @param maxParallel the window in force, after the workers' ceiling
 * @param failurePolicy the failure tolerance in force
 * @param windowChangedAt when a {@code scale} last changed the window or the tolerance; null if
 *     never
 * @param summary one line for people, also shown as the workflow's current details in the Temporal
 *     UI
 */
public record JobProgress(
    String jobId,
    String owner,
    JobPhase phase,
    int total,
    StateCounts counts,
    int maxParallel,
    FailurePolicy failurePolicy,
    Instant windowChangedAt,
    Instant startedAt,
    Instant updatedAt,
    String summary) {
  /** The one line for people: {@code RUNNING 2/8 done, 3 running, 0 failed}. */
  public static String summary(JobPhase phase, StateCounts c) {
    return String.format(
        "%s %d/%d done, %d running, %d failed",
        phase, c.done(), c.total(), c.running(), c.failed());
  }

  /** The window and failure tolerance in force. */
  public JobWindow window() {
    return new JobWindow(maxParallel, failurePolicy, windowChangedAt);
  }

  /** This progress with other counts, as when a page's live counts are newer than its report. */
  public JobProgress withCounts(StateCounts newer) {
    return new JobProgress(
        jobId,
        owner,
        phase,
        total,
        newer,
        maxParallel,
        failurePolicy,
        windowChangedAt,
        startedAt,
        updatedAt,
        summary(phase, newer));
  }
}
