package dev.fanout.app.temporal;

import dev.fanout.job.Json;
import dev.fanout.workflow.job.ParallelJobWorkflowImpl;
import dev.fanout.workflow.owner.OwnerWorkflowImpl;
import dev.fanout.workflow.page.JobPageGroupWorkflow;
import dev.fanout.workflow.page.JobPageGroupWorkflowImpl;
import dev.fanout.workflow.page.JobPageWorkflow;
import dev.fanout.workflow.page.JobPageWorkflowImpl;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;

/**
 * Replays a recorded job (or page, or owner ledger) history against the current workflow code: the
 * check that a change would not break jobs that are running (or must be replayed) when it is
 * deployed.
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
      WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(historyJson);
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(historyJson, jobId(history)),
          env,
          ParallelJobWorkflowImpl.class,
          JobPageWorkflowImpl.class,
          JobPageGroupWorkflowImpl.class,
          OwnerWorkflowImpl.class);
    }
  }

  /**
   * A job's pages and groups of pages are named after it, so its id must be the recorded one; a
   * history file does not carry it, but the start of its first child does. A page's own id plays no
   * part in its decisions.
   */
  private static String jobId(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasStartChildWorkflowExecutionInitiatedEventAttributes)
        .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
        .filter(id -> JobPageWorkflow.isPageId(id) || JobPageGroupWorkflow.isGroupId(id))
        .map(id -> id.substring(0, id.lastIndexOf('/')))
        .findFirst()
        .orElse("replayed-job");
  }
}
