package dev.fanout.workflow.page;

import dev.fanout.job.FailurePolicy;
import java.time.Instant;
import java.util.function.IntConsumer;

/**
 * A page's share of the job's window: the slots it holds, what reached it from the page before, and
 * when it passes slots on. Slots come with the page's start (the first page gets the whole window)
 * and in handoffs from the page before; each launch takes one and each sub-job's end gives it back.
 * Once the page has launched all its sub-jobs, every slot it holds goes on to the next page, and
 * the last handoff says the page is through, which it is only once the page before it is.
 *
 * <p>A change of the job's window reaches the page that is launching (or goes on from one that has
 * launched everything) as slots to add, or to give up: a narrowed window leaves the page owing
 * slots (fewer than none), so it launches nothing until enough of its sub-jobs have ended, and
 * nothing running is stopped. Plain Java: the page's workflow decides with it, and it is tested
 * without Temporal.
 */
final class PageWindow {

  private boolean last;
  private SubJobLedger ledger = SubJobLedger.empty();
  private boolean loaded;
  private int slots;
  private int upstreamFailures;
  private boolean upstreamDone;
  private FailurePolicy policy;
  private boolean throughTaken;
  private boolean handedOffFinished;

  /**
   * The page has started with these slots; the first page has no page before it to wait for, and
   * from the last no slots go on.
   */
  void started(int slots, boolean first, boolean last) {
    this.slots += slots;
    upstreamDone |= first;
    this.last = last;
  }

  /** The page's sub-jobs are loaded; failures heard of meanwhile count against them. */
  void loaded(SubJobLedger ledger) {
    this.ledger = ledger;
    ledger.noteUpstreamFailures(upstreamFailures);
    if (policy != null) {
      ledger.tolerate(policy);
    }
    loaded = true;
  }

  /**
   * Takes the page before's handoff, which may come before this page has even started; its slots
   * may be a debt passed on from a narrowed window.
   */
  void received(Handoff handoff) {
    slots += handoff.slots();
    upstreamFailures = Math.max(upstreamFailures, handoff.failures());
    ledger.noteUpstreamFailures(upstreamFailures);
    upstreamDone |= handoff.done();
  }

  /** Whether launching goes on: sub-jobs are left and the job's failure policy still holds. */
  boolean launching() {
    return ledger.hasUnlaunched() && !stopped();
  }

  /** Whether a sub-job may be launched now. */
  boolean mayLaunch() {
    return slots > 0 && launching();
  }

  /** Launches the next sub-job in one of the page's slots; its index. */
  int launch(Instant now) {
    slots--;
    return ledger.launchNext(now);
  }

  /** A sub-job ended: its slot is free again. */
  void freed() {
    slots++;
  }

  /**
   * The job's window grew (more slots) or shrank (fewer, maybe fewer than none) by {@code delta}.
   */
  void resized(int delta) {
    slots += delta;
  }

  /**
   * Whether a change of the window that reaches this page now must go straight on to the next: this
   * page has already given up its slots for good.
   */
  boolean passesResizesOn() {
    return !last && throughTaken;
  }

  /** A change of the job's window: kept here, or sent on with {@code passOn} (see above). */
  void resize(int delta, IntConsumer passOn) {
    if (passesResizesOn()) {
      passOn.accept(delta);
    } else {
      resized(delta);
    }
  }

  /** The job's failure policy changed; it may have been exceeded already. */
  void tolerate(FailurePolicy policy) {
    this.policy = policy;
    ledger.tolerate(policy);
  }

  /** Whether the job's failure policy is exceeded, as far as this page knows. */
  boolean stopped() {
    return ledger.failureToleranceExceeded();
  }

  /** Whether this page is through: all its sub-jobs ended, and so has every page before it. */
  boolean finished() {
    return loaded && !ledger.hasUnlaunched() && ledger.inFlight() == 0 && upstreamDone;
  }

  /** Whether the next page is owed slots (or a debt of them), or word that this one is through. */
  boolean handOffDue() {
    return !last
        && !handedOffFinished
        && (finished() || (loaded && !ledger.hasUnlaunched() && slots != 0));
  }

  /** Gives up every slot held, with the failures so far, for the next page. */
  Handoff takeHandoff() {
    Handoff handoff = new Handoff(slots, ledger.failuresSoFar(), finished());
    slots = 0;
    throughTaken |= handoff.done();
    return handoff;
  }

  /**
   * The handoff has been sent (or the next page has already stopped, when the job is failing or
   * cancelled): once the one that says this page is through is, the page may end.
   */
  void sent(Handoff handoff) {
    handedOffFinished |= handoff.done();
  }

  /** Whether the next page, if any, has been told that this one is through. */
  boolean handedOff() {
    return last || handedOffFinished;
  }
}
