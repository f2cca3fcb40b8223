package dev.fanout.executor.docker;

import dev.fanout.workflow.Invocation;

/** Deterministic container names: one per job, sub-job and attempt, so a duplicate cannot start. */
final class ContainerNames {

  private ContainerNames() {}

  static String of(Invocation invocation, int attempt) {
    String job = invocation.jobId().replaceAll("[^A-Za-z0-9_.-]", "_");
    return "fanout-" + job + "-" + invocation.logName() + "-a" + attempt;
  }
}
