package dev.fanout.workflow.page;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.JobDataActivities;
import dev.fanout.workflow.SubJobOutcomes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/**
 * Runs one page of a job's sub-jobs in the window slots it holds, and passes each slot on to the
 * next page once it has nothing left to launch. A page ends only after the page before it has
 * ended, so the last page to end has seen every failure of the job.
 */
public class JobPageWorkflowImpl implements JobPageWorkflow {

  static final String TOO_MANY_FAILURES = "TooManyFailures";
  private static final int MAX_TASKS = 1000;

  private final JobDataActivities data =
      Workflow.newLocalActivityStub(JobDataActivities.class, JobDataActivities.OPTIONS);
  private final PageWindow window = new PageWindow();
  private PageRequest request;
  private SubJobLedger ledger = SubJobLedger.empty();
  private PageProgress progress;
  private PageSignals signals;
  private SubJobCalls calls;

  @Override
  public StateCounts run(PageRequest request) {
    this.request = request;
    progress = new PageProgress(request);
    signals = new PageSignals(request, window, progress, () -> ledger);
    window.started(request.slots(), request.first(), request.next() == null);
    List<SubJobSpec> specs = data.loadPage(request.page().uri());
    ledger =
        new SubJobLedger(
            request.page().firstIndex(), specs, request.spec().failurePolicy(), request.jobTotal());
    PageCaching caching = PageCaching.check(request, specs);
    calls = new SubJobCalls(request, caching);
    progress.countFinal(SubJobState.CACHED, ledger.reuse(caching.hits(), now()));
    window.loaded(ledger);
    signals.startThreadsIfKept();
    try {
      runWindow();
      signals.awaitSending(window::handedOff);
      finish();
      return ledger.counts();
    } catch (RuntimeException e) {
      if (CancellationScope.current().isCancelRequested()) {
        // Whatever else is cancelled, wait until every running sub-job acknowledged the cancel, so
        // none outlives the job and none is recorded twice.
        Workflow.newDetachedCancellationScope(this::stopAndFinish).run();
      }
      throw e;
    }
  }

  /** Keeps the page's slots busy until all its sub-jobs are done or too many have failed. */
  private void runWindow() {
    CancellationScope launching =
        Workflow.newCancellationScope(
            () -> {
              while (window.launching()) {
                signals.awaitSending(() -> window.mayLaunch() || window.stopped());
                while (window.mayLaunch()) {
                  launch(window.launch(now()));
                }
              }
            });
    launching.run();
    signals.awaitSending(() -> window.finished() || window.stopped());
    if (window.stopped()) {
      launching.cancel();
      stopAndFinish();
      throw ApplicationFailure.newNonRetryableFailure(
          ledger.failureSummary(SubJobLedger.QUOTED_ERRORS), TOO_MANY_FAILURES);
    }
  }

  /** Waits for the running sub-jobs to stop, skips the rest, and finishes. */
  private void stopAndFinish() {
    Workflow.await(() -> ledger.inFlight() == 0);
    progress.countFinal(SubJobState.SKIPPED, ledger.skipUnlaunched(now()));
    finish();
  }

  private void launch(int index) {
    SubJobSpec subJob = ledger.spec(index);
    Instant launchedAt = ledger.view(index).startedAt();
    Invocation invocation = calls.invocation(index, subJob);
    Async.function(calls.activities(invocation)::invoke, invocation)
        .handle(
            (outcome, failure) -> {
              SubJobResult result =
                  SubJobOutcomes.of(index, subJob, launchedAt, outcome, failure, now());
              if (ledger.complete(result)) {
                progress.countFinal(result.state(), 1);
              }
              window.freed();
              progress.show(ledger);
              return null;
            });
    progress.show(ledger);
  }

  /** Stores the page's results and tells the job its final counts. */
  private void finish() {
    data.writePageResults(request.jobId(), request.page().page(), ledger.results());
    progress.report(ledger);
  }

  @Override
  public void handoff(Handoff handoff) {
    window.received(handoff);
  }

  @Override
  public void resize(int delta) {
    window.resize(delta, signals::passOn);
  }

  @Override
  public void tolerate(FailurePolicy policy) {
    window.tolerate(policy);
  }

  @Override
  public StateCounts counts() {
    return ledger.counts();
  }

  @Override
  public TaskPage tasks(int offset, int limit, SubJobState state) {
    return ledger.page(offset, Math.min(limit, MAX_TASKS), state);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
