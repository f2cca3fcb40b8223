package dev.fanout.app.bench;

import dev.fanout.job.FunctionRef;
import dev.fanout.workflow.FunctionActivities;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.InvocationOutcome;
import dev.fanout.workflow.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The design Fanout replaces, for the bench to compare against: one run, one activity per sub-job,
 * all started at once. It holds every sub-job in one history, so it only fits up to about 2,000
 * sub-jobs (Temporal's pending-activity limit, and ~3 events a sub-job against the 10,240 warning).
 */
@WorkflowInterface
public interface NaiveFanOut {

  String TASK_QUEUE = "fanout-bench-naive";

  @WorkflowMethod
  void run(int subJobs);

  class Impl implements NaiveFanOut {
    @Override
    public void run(int subJobs) {
      FunctionActivities activities =
          Workflow.newActivityStub(
              FunctionActivities.class,
              ActivityOptions.newBuilder()
                  .setTaskQueue(TaskQueues.forExecutor("java"))
                  .setStartToCloseTimeout(Duration.ofMinutes(5))
                  .build());
      String jobId = Workflow.getInfo().getWorkflowId();
      List<Promise<InvocationOutcome>> all = new ArrayList<>(subJobs);
      for (int i = 0; i < subJobs; i++) {
        Invocation noop = Invocation.task(jobId, i, "n" + i, FunctionRef.java("noop"), null);
        all.add(Async.function(activities::invoke, noop));
      }
      Promise.allOf(all).get();
    }
  }
}
