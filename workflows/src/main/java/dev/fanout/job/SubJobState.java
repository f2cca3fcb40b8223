package dev.fanout.job;

/** Where a sub-job is. Every state but PENDING and RUNNING is final. */
public enum SubJobState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /** Never started, because the job stopped before reaching it. */
  SKIPPED,
  /**
   * Not run: an earlier run of the same function on the same inputs succeeded, and its output was
   * reused (the job asked for it with {@code resume}).
   */
  CACHED;

  public boolean isFinal() {
    return this != PENDING && this != RUNNING;
  }

  /** Whether the sub-job has an output: it ran and succeeded, or it reused one that had. */
  public boolean hasOutput() {
    return this == SUCCEEDED || this == CACHED;
  }
}
