package dev.fanout.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The one activity every executor pool serves on its task queue. It lives beside the workflow
 * because the workflow calls it; the implementations live in the activities module.
 */
@ActivityInterface
public interface FunctionActivities {

  /** Activity failure type for a function reference the executor cannot run; never retried. */
  String BAD_FUNCTION = "BadFunctionReference";

  @ActivityMethod(name = "Invoke")
  InvocationOutcome invoke(Invocation invocation);
}
