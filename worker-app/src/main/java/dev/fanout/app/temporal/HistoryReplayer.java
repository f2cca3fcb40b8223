package dev.fanout.app.temporal;

import dev.fanout.job.Json;
import dev.fanout.workflow.ParallelJobWorkflowImpl;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;

/**
 * Replays a recorded job history against the current workflow code: the check that a change would
 * not break jobs that are running (or must be replayed) when it is deployed.
 */
public final class HistoryReplayer {

  private HistoryReplayer() {}

  /** Throws what Temporal throws when the code no longer makes the history's decisions. */
  public static void replay(String historyJson) throws Exception {
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(Json.DATA_CONVERTER)
                        .build())
                .build())) {
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(historyJson), env, ParallelJobWorkflowImpl.class);
    }
  }
}
