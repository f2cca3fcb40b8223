package dev.fanout.workflow;

import dev.fanout.job.JobSpec;
import io.temporal.common.Priority;

/**
 * Where an invocation stands in a busy pool: its job's priority (1 first .. 5 last), the job's
 * owner, and the owner's weight against other owners. Temporal carries it as the activity's {@link
 * Priority} (priority key, fairness key, fairness weight), which a server with fairness orders its
 * task queues by; a worker reads it back to order what waits in its own queues.
 */
public record Share(int priority, String owner, int weight) {

  /** What an invocation without a Priority gets: Temporal's defaults, one nameless owner. */
  public static final Share DEFAULT =
      new Share(JobSpec.DEFAULT_PRIORITY, "", JobSpec.DEFAULT_FAIRNESS_WEIGHT);

  /**
   * The job's; a spec recorded before it had these fields (a page of an older history) has nulls.
   */
  static Share of(JobSpec spec) {
    return new Share(
        spec.priority() != null ? spec.priority() : JobSpec.DEFAULT_PRIORITY,
        spec.owner() != null ? spec.owner() : "",
        spec.fairnessWeight() != null ? spec.fairnessWeight() : JobSpec.DEFAULT_FAIRNESS_WEIGHT);
  }

  /**
   * As a worker receives it; Temporal's unset key (0), key and weight (0) mean its defaults. A
   * fractional weight set by another client counts as at least 1.
   */
  public static Share of(Priority priority) {
    return new Share(
        priority.getPriorityKey() > 0 ? priority.getPriorityKey() : JobSpec.DEFAULT_PRIORITY,
        priority.getFairnessKey() != null ? priority.getFairnessKey() : "",
        Math.max(1, Math.round(priority.getFairnessWeight())));
  }

  Priority toPriority() {
    return Priority.newBuilder()
        .setPriorityKey(priority)
        .setFairnessKey(owner)
        .setFairnessWeight(weight)
        .build();
  }
}
