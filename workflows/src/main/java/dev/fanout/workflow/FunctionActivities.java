package dev.fanout.workflow;

import dev.fanout.job.FunctionRef;
import dev.fanout.workflow.job.MapperPlan;
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
   * What this pool would run for {@code function}, as the results cache keys it: such as a Java
   * handler's name and jar version, or a program's argv and content digest. Null when the executor
   * cannot tell, and then nothing it runs is cached.
   */
  @ActivityMethod(name = "Identify")
  String identify(FunctionRef function);

  /**
   * Runs the mapper, checks its output, groups items per {@code paging.itemsPerTask()}, and stores
   * the sub-jobs in pages: the list itself never travels through Temporal.
   */
  @ActivityMethod(name = "Map")
  MapperPlan map(Invocation mapper, Paging paging);
}
