package dev.fanout.workflow;

import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs one page of a job's sub-jobs in the window slots it holds, and passes each slot on to the
 * next page once it has nothing left to launch. A page ends only after the page before it has
 * ended, so the last page to end has seen every failure of the job.
 */
public class JobPageWorkflowImpl implements JobPageWorkflow {

  static final String TOO_MANY_FAILURES = "TooManyFailures";
  static final LocalActivityOptions JOB_DATA =
      LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).build();

  private static final int QUOTED_ERRORS = 3;
  private static final int MAX_TASKS = 1000;

  /**
   * The version from which a page's main thread sends its handoffs and progress reports itself. The
   * SDK wakes every workflow thread at every workflow task, so a thread that only waits to signal
   * costs the page something at every sub-job's completion.
   */
  public static final String SIGNALS_ON_DEMAND = "signals-on-demand";

  private final JobDataActivities data =
      Workflow.newLocalActivityStub(JobDataActivities.class, JOB_DATA);
  private PageRequest request;
  private SubJobLedger ledger = SubJobLedger.empty();
  private boolean loaded;
  private int slots;
  private int upstreamFailures;
  private boolean upstreamDone;
  private boolean signalsInMainThread;
  private boolean handedOffFinished;
  private PageProgress progress;

  @Override
  public StateCounts run(PageRequest request) {
    this.request = request;
    progress = new PageProgress(request);
    signalsInMainThread = Workflow.getVersion(SIGNALS_ON_DEMAND, Workflow.DEFAULT_VERSION, 1) == 1;
    slots += request.slots();
    upstreamDone |= request.first();
    ledger =
        new SubJobLedger(
            request.page().firstIndex(),
            data.loadPage(request.page().uri()),
            request.spec().failurePolicy(),
            request.jobTotal());
    ledger.noteUpstreamFailures(upstreamFailures);
    loaded = true;
    if (!signalsInMainThread) {
      startLifelongSignallers();
    }
    try {
      runWindow();
      awaitSignalling(this::handedOff);
      finish();
      return ledger.counts();
    } catch (RuntimeException e) {
      if (CancellationScope.current().isCancelRequested()) {
        // Whatever else is cancelled, wait until every running sub-job acknowledged the cancel, so
        // none outlives the job and none is recorded twice.
        Workflow.newDetachedCancellationScope(
                () -> {
                  Workflow.await(() -> ledger.inFlight() == 0);
                  progress.countFinal(SubJobState.SKIPPED, ledger.skipUnlaunched(now()));
                  finish();
                })
            .run();
      }
      throw e;
    }
  }

  /** Keeps the page's slots busy until all its sub-jobs are done or too many have failed. */
  private void runWindow() {
    CancellationScope window =
        Workflow.newCancellationScope(
            () -> {
              while (ledger.hasUnlaunched() && !ledger.failureToleranceExceeded()) {
                awaitSignalling(() -> slots > 0 || ledger.failureToleranceExceeded());
                while (slots > 0 && ledger.hasUnlaunched() && !ledger.failureToleranceExceeded()) {
                  slots--;
                  launch(ledger.launchNext(now()));
                }
              }
            });
    window.run();
    awaitSignalling(() -> finished() || ledger.failureToleranceExceeded());
    if (ledger.failureToleranceExceeded()) {
      window.cancel();
      Workflow.await(() -> ledger.inFlight() == 0);
      progress.countFinal(SubJobState.SKIPPED, ledger.skipUnlaunched(now()));
      finish();
      throw ApplicationFailure.newNonRetryableFailure(
          ledger.failureSummary(QUOTED_ERRORS), TOO_MANY_FAILURES);
    }
  }

  /**
   * Waits until {@code condition} holds; meanwhile the main thread sends each handoff and progress
   * report as it falls due, unless the page's lifelong signalling threads do.
   */
  private void awaitSignalling(Supplier<Boolean> condition) {
    while (!condition.get()) {
      Workflow.await(() -> condition.get() || (signalsInMainThread && signalDue()));
      if (signalsInMainThread) {
        if (handOffDue()) {
          handOff();
        }
        if (progress.due(ledger)) {
          progress.reportStep(ledger);
        }
      }
    }
  }

  private void launch(int index) {
    SubJobSpec subJob = ledger.spec(index);
    Instant launchedAt = ledger.view(index).startedAt();
    Invocation invocation =
        Invocation.task(
            request.jobId(),
            index,
            subJob.key(),
            request.spec().task().withResources(subJob.resources()),
            subJob.params());
    FunctionActivities activities =
        Workflow.newActivityStub(
            FunctionActivities.class,
            InvocationOptions.forFunction(
                invocation.function(),
                request.spec(),
                "sub-job " + index + ": " + subJob.key(),
                request.abandonOnCancel()));
    Async.function(activities::invoke, invocation)
        .handle(
            (outcome, failure) -> {
              SubJobResult result =
                  failure == null
                      ? SubJobOutcomes.succeeded(index, subJob, outcome)
                      : SubJobOutcomes.failed(index, subJob, launchedAt, failure, now());
              if (ledger.complete(result)) {
                progress.countFinal(result.state(), 1);
              }
              slots++;
              progress.show(ledger);
              return null;
            });
    progress.show(ledger);
  }

  /** Whether this page is through: all its sub-jobs ended, and so has every page before it. */
  private boolean finished() {
    return loaded && !ledger.hasUnlaunched() && ledger.inFlight() == 0 && upstreamDone;
  }

  /** Whether the next page, if any, has been told that this one is through. */
  private boolean handedOff() {
    return request.next() == null || handedOffFinished;
  }

  /**
   * Once every sub-job of this page is launched, each freed slot goes to the next page, with the
   * failures so far; the last handoff says this page is through.
   */
  private boolean handOffDue() {
    return request.next() != null
        && !handedOffFinished
        && (finished() || (loaded && !ledger.hasUnlaunched() && slots > 0));
  }

  private boolean signalDue() {
    return handOffDue() || progress.due(ledger);
  }

  /** The two threads every page had before SIGNALS_ON_DEMAND, kept so that such pages replay. */
  private void startLifelongSignallers() {
    if (request.next() != null) {
      Async.procedure(
          () -> {
            while (!handedOffFinished) {
              Workflow.await(this::handOffDue);
              handOff();
            }
          });
    }
    Async.procedure(
        () -> {
          while (true) {
            Workflow.await(() -> progress.due(ledger));
            progress.reportStep(ledger);
          }
        });
  }

  private void handOff() {
    boolean done = finished();
    int passed = slots;
    slots = 0;
    try {
      Workflow.newExternalWorkflowStub(JobPageWorkflow.class, request.next())
          .handoff(new Handoff(passed, ledger.failuresSoFar(), done));
    } catch (SignalExternalWorkflowException e) {
      // The next page has already stopped: the job is failing or cancelled, and the slots moot.
    }
    handedOffFinished |= done;
  }

  /** Stores the page's results and tells the job its final counts. */
  private void finish() {
    data.writePageResults(request.jobId(), request.page().page(), ledger.results());
    progress.report(ledger);
  }

  @Override
  public void handoff(Handoff handoff) {
    slots += handoff.slots();
    upstreamFailures = Math.max(upstreamFailures, handoff.failures());
    ledger.noteUpstreamFailures(upstreamFailures);
    upstreamDone |= handoff.done();
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
