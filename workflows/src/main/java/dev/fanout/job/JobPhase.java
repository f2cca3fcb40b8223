package dev.fanout.job;

/** Where a parent job is. */
public enum JobPhase {
  MAPPING,
  RUNNING,
  REDUCING,
  /** Cancelled, and waiting for the sub-jobs still running to stop. */
  CANCELLING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Whether every sub-job has stopped: the job is reducing, or has ended. */
  public boolean subJobsEnded() {
    return this == REDUCING || ended();
  }

  /** Whether the job has ended: nothing about it changes any more. */
  public boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
