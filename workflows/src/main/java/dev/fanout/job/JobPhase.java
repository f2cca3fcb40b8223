package dev.fanout.job;

/** Where a parent job is. */
public enum JobPhase {
  MAPPING,
  RUNNING,
  REDUCING,
  SUCCEEDED,
  FAILED,
  CANCELLED
}
