package dev.fanout.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The activities every executor pool serves on its task queue. They live beside the workflow
 * because the workflow calls them; the implementations live in the activities module.
 */
@ActivityInterface
public interface FunctionActivities {

  /** Runs a sub-job or the reducer. */
  @ActivityMethod(name = "Invoke")
  InvocationOutcome invoke(Invocation invocation);

  /**
   * Runs the mapper, checks its output, groups items per {@code paging.itemsPerTask()}, and stores
   * the sub-jobs in pages: the list itself never travels through Temporal.
   */
  @ActivityMethod(name = "Map")
  MapperPlan map(Invocation mapper, Paging paging);
}
