package dev.fanout.workflow.page;

import io.temporal.workflow.Async;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.util.function.Supplier;

/**
 * What a page sends while it runs: each handoff of its slots to the next page and each progress
 * report to the job, as they fall due, one of each kind at a time. Workflow code.
 *
 * <p>From version {@link #SIGNALS_ON_DEMAND} the page's main thread sends them while it waits for
 * anything else. Before it, a page kept two threads waiting for its whole life only to send them;
 * the SDK wakes every workflow thread at every workflow task, so those cost the page something at
 * every sub-job's end. Pages recorded before the version still take that path when they replay.
 */
final class PageSignals {

  /** The version from which a page's main thread sends its handoffs and progress reports. */
  static final String SIGNALS_ON_DEMAND = "signals-on-demand";

  private final PageRequest request;
  private final PageWindow window;
  private final PageProgress progress;
  private final Supplier<SubJobLedger> ledger;
  private final boolean inMainThread;

  /** Decides (once, by the page's version) which path the page takes: call it once per page. */
  PageSignals(
      PageRequest request,
      PageWindow window,
      PageProgress progress,
      Supplier<SubJobLedger> ledger) {
    this.request = request;
    this.window = window;
    this.progress = progress;
    this.ledger = ledger;
    this.inMainThread = Workflow.getVersion(SIGNALS_ON_DEMAND, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /** On the path before {@link #SIGNALS_ON_DEMAND}, starts the two lifelong sending threads. */
  void startThreadsIfKept() {
    if (inMainThread) {
      return;
    }
    if (request.next() != null) {
      Async.procedure(
          () -> {
            while (!window.handedOff()) {
              Workflow.await(window::handOffDue);
              handOff();
            }
          });
    }
    Async.procedure(
        () -> {
          while (true) {
            Workflow.await(() -> progress.due(ledger.get()));
            progress.reportStep(ledger.get());
          }
        });
  }

  /**
   * Waits until {@code condition} holds; meanwhile sends each signal as it falls due, unless the
   * lifelong threads do.
   */
  void awaitSending(Supplier<Boolean> condition) {
    while (!condition.get()) {
      Workflow.await(() -> condition.get() || (inMainThread && due()));
      if (inMainThread) {
        if (window.handOffDue()) {
          handOff();
        }
        if (progress.due(ledger.get())) {
          progress.reportStep(ledger.get());
        }
      }
    }
  }

  private boolean due() {
    return window.handOffDue() || progress.due(ledger.get());
  }

  /** Passes a change of the window on to the next page, this one having given up its slots. */
  void passOn(int delta) {
    try {
      Workflow.newExternalWorkflowStub(JobPageWorkflow.class, request.next()).resize(delta);
    } catch (SignalExternalWorkflowException e) {
      // The next page has already stopped: the job is failing or cancelled.
    }
  }

  private void handOff() {
    Handoff handoff = window.takeHandoff();
    try {
      Workflow.newExternalWorkflowStub(JobPageWorkflow.class, request.next()).handoff(handoff);
    } catch (SignalExternalWorkflowException e) {
      // The next page has already stopped: the job is failing or cancelled, and the slots moot.
    }
    window.sent(handoff);
  }
}
