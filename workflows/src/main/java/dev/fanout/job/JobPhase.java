package dev.fanout.job;

/** Where a parent job is. */
public enum JobPhase {
  MAPPING,
  RUNNING,
  REDUCING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Whether the job has ended: nothing about it changes any more. */
  public boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
