package dev.fanout.workflow;

/** Which part of a job an invocation is. */
public enum Role {
  MAPPER,
  TASK,
  REDUCER
}
