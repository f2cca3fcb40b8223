package dev.fanout.workflow.page;

import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobState;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * What a page tells about its sub-jobs besides their results: progress reports to the job's
 * workflow (at the first launch and at every fifth of the page done), the worker's sub-job metrics,
 * and the details Temporal's UI shows for the page. Runs inside the page's workflow.
 */
final class PageProgress {

  private static final int REPORT_STEPS = 5;

  private final PageRequest request;
  private int reportedStep;

  PageProgress(PageRequest request) {
    this.request = request;
  }

  /** Whether the ledger has reached a step not reported yet. */
  boolean due(SubJobLedger ledger) {
    return step(ledger) > reportedStep;
  }

  /** Reports the step the ledger has reached, once the signal is delivered. */
  void reportStep(SubJobLedger ledger) {
    reportedStep = step(ledger);
    report(ledger);
  }

  /** Tells the job the page's counts now. */
  void report(SubJobLedger ledger) {
    Workflow.newExternalWorkflowStub(ParallelJobWorkflow.class, request.reportsTo())
        .pageReport(new PageReport(request.page().page(), ledger.counts()));
  }

  /**
   * Counts sub-jobs that reached a final state, for the worker's metrics (fanout_sub_jobs_total by
   * state and executor). Temporal does not emit workflow metrics while replaying, so none is
   * counted twice.
   */
  void countFinal(SubJobState state, int count) {
    if (count > 0) {
      Workflow.getMetricsScope()
          .tagged(
              Map.of(
                  "state",
                  state.name().toLowerCase(),
                  "executor",
                  request.spec().task().executor()))
          .counter("fanout_sub_jobs")
          .inc(count);
    }
  }

  /** The page's one-line state, as the Temporal UI shows it. */
  void show(SubJobLedger ledger) {
    StateCounts c = ledger.counts();
    Workflow.setCurrentDetails(
        String.format(
            "page %d: %d/%d done, %d running, %d failed",
            request.page().page(), c.done(), ledger.total(), c.running(), c.failed()));
  }

  /** 0 before the first launch, 1 after it, then one more for every fifth of the page done. */
  private static int step(SubJobLedger ledger) {
    StateCounts c = ledger.counts();
    if (c.running() + c.done() == 0) {
      return 0;
    }
    return 1 + c.done() * REPORT_STEPS / Math.max(1, ledger.total());
  }
}
