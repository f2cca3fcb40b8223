package dev.fanout.job;

import java.time.Instant;
import java.util.List;

/**
 * The answer to the {@code progress} query.
 *
 * @param maxParallel the window in force, after the workers' ceiling
 * @param failurePolicy the failure tolerance in force
 * @param windowChangedAt when a {@code scale} last changed the window or the tolerance; null if
 *     never
 * @param summary one line for people, also shown as the workflow's current details in the Temporal
 *     UI
 * @param retrying the mapper or reducer while it is retried after failed attempts; the workflow
 *     cannot see these (its activity is still running), so its query leaves this out and {@code
 *     JobService} adds it from the server's description of the job
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
    String summary,
    List<Retrying> retrying) {
  /**
   * The one line for people: {@code RUNNING 2/8 done, 3 running, 0 failed}, and {@code , 4 cached}
   * when a resumed job reused outputs.
   */
  public static String summary(JobPhase phase, StateCounts c) {
    return String.format(
            "%s %d/%d done, %d running, %d failed",
            phase, c.done(), c.total(), c.running(), c.failed())
        + c.cachedNote();
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
        summary(phase, newer),
        retrying);
  }

  /** This progress with the invocations being retried, named in its summary too. */
  public JobProgress withRetrying(List<Retrying> now) {
    if (now.isEmpty()) {
      return this;
    }
    String line = summary(phase, counts) + Retrying.notes(now);
    return new JobProgress(
        jobId,
        owner,
        phase,
        total,
        counts,
        maxParallel,
        failurePolicy,
        windowChangedAt,
        startedAt,
        updatedAt,
        line,
        now);
  }
}
