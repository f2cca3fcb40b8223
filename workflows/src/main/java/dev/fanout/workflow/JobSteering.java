package dev.fanout.workflow;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.JobSpec;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Carries a running job's {@code scale} to its pages. Workflow code.
 *
 * <p>A wider or narrower window goes to the earliest page still open as slots to add or to give up:
 * pages end in order and every slot flows forward, so that page is the one launching, or one that
 * passes the change on to it. A new failure tolerance goes to every open page, since each judges
 * the failures it has seen. A change before the pages start is simply what they start with.
 */
final class JobSteering {

  private final List<JobPageWorkflow> pages = new ArrayList<>();
  private final List<Promise<?>> runs = new ArrayList<>();

  /** A page was started: it is open until {@code run} completes. */
  void started(JobPageWorkflow page, Promise<?> run) {
    pages.add(page);
    runs.add(run);
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

  /** Gives the open pages {@code delta} more slots (fewer, when negative). */
  void resize(int delta) {
    for (int i = 0; i < pages.size(); i++) {
      if (!runs.get(i).isCompleted() && signal(i, page -> page.resize(delta))) {
        return;
      }
    }
  }

  void tolerate(FailurePolicy policy) {
    for (int i = 0; i < pages.size(); i++) {
      if (!runs.get(i).isCompleted()) {
        signal(i, page -> page.tolerate(policy));
      }
    }
  }

  /** Signals page {@code i} once it has started; false if it has ended meanwhile. */
  private boolean signal(int i, Consumer<JobPageWorkflow> send) {
    JobPageWorkflow page = pages.get(i);
    Workflow.getWorkflowExecution(page).get();
    try {
      send.accept(page);
      return true;
    } catch (SignalExternalWorkflowException e) {
      return false;
    }
  }
}
