package dev.fanout.workflow.job;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.JobSpec;
import dev.fanout.workflow.page.JobPageGroupWorkflow;
import dev.fanout.workflow.page.JobPageWorkflow;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Carries a running job's {@code scale} to its parts: its pages, or the groups of them it started.
 * Workflow code; a group of pages carries it on the same way to its own parts.
 *
 * <p>A wider or narrower window goes to the earliest part still open as slots to add or to give up:
 * pages end in order and every slot flows forward, so that part holds the page that is launching,
 * or one that passes the change on to it. A new failure tolerance goes to every open part, since
 * each page judges the failures it has seen. A change before the parts start is simply what they
 * start with.
 */
public final class JobSteering {

  /** A started part: how to reach it, and whether it is still open. */
  private record Part(
      Object stub, Consumer<Integer> resize, Consumer<FailurePolicy> tolerate, Promise<?> run) {}

  private final List<Part> parts = new ArrayList<>();

  /** A page was started: it is open until {@code run} completes. */
  public void started(JobPageWorkflow page, Promise<?> run) {
    parts.add(new Part(page, page::resize, page::tolerate, run));
  }

  /** A group of pages was started: it is open until {@code run} completes. */
  public void started(JobPageGroupWorkflow group, Promise<?> run) {
    parts.add(new Part(group, group::resize, group::tolerate, run));
  }

  /** Why this change cannot be made, or null; {@code ceiling} is the workers' widest window. */
  static String refusal(WindowChange change, int ceiling) {
    Integer window = change.maxParallel();
    if (window != null && (window < 1 || window > JobSpec.MAX_PARALLEL_LIMIT)) {
      return "maxParallel: must be between 1 and " + JobSpec.MAX_PARALLEL_LIMIT + ", was " + window;
    }
    if (window != null && window > ceiling) {
      return "maxParallel: "
          + window
          + " is over the workers' ceiling of "
          + ceiling
          + " (--max-parallel-ceiling)";
    }
    if (change.toleratedFailures() != null && change.toleratedFailures() < 0) {
      return "toleratedFailures: must be 0 or more, was " + change.toleratedFailures();
    }
    Double percent = change.toleratedFailurePercent();
    if (percent != null && !(percent >= 0 && percent <= 100)) {
      return "toleratedFailurePercent: must be between 0 and 100, was " + percent;
    }
    return null;
  }

  /** Gives the open parts {@code delta} more slots (fewer, when negative). */
  public void resize(int delta) {
    for (Part part : parts) {
      if (!part.run().isCompleted() && signal(part, p -> p.resize().accept(delta))) {
        return;
      }
    }
  }

  public void tolerate(FailurePolicy policy) {
    for (Part part : parts) {
      if (!part.run().isCompleted()) {
        signal(part, p -> p.tolerate().accept(policy));
      }
    }
  }

  /** Signals the part once it has started; false if it has ended meanwhile. */
  private static boolean signal(Part part, Consumer<Part> send) {
    Workflow.getWorkflowExecution(part.stub()).get();
    try {
      send.accept(part);
      return true;
    } catch (SignalExternalWorkflowException e) {
      return false;
    }
  }
}
