package dev.fanout.job;

import java.time.Instant;

/**
 * The answer to the {@code progress} query.
 *
 * @param maxParallel the window in force, after the server's ceiling
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
    Instant startedAt,
    Instant updatedAt,
    String summary) {
  /** The one line for people: {@code RUNNING 2/8 done, 3 running, 0 failed}. */
  public static String summary(JobPhase phase, StateCounts c) {
    return String.format(
        "%s %d/%d done, %d running, %d failed",
        phase, c.done(), c.total(), c.running(), c.failed());
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
        startedAt,
        updatedAt,
        summary(phase, newer));
  }
}
