package dev.fanout.job;

/** Where a sub-job is. The last four are final. */
public enum SubJobState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /** Never started, because the job stopped before reaching it. */
  SKIPPED;

  public boolean isFinal() {
    return this != PENDING && this != RUNNING;
  }
}
