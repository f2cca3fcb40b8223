package dev.fanout.workflow.page;

import dev.fanout.job.JobSpec;
import dev.fanout.job.StateCounts;
import dev.fanout.workflow.job.JobSteering;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the parts of a run of a job's pages as children (the pages themselves, or groups of them)
 * and waits for them: the job does it for its pages or top groups, a group for its own. All start
 * at once: the first holds the run's slots, the others wait for what the pages before pass on. The
 * first part to fail (too many failures) stops the others, and its failure is the run's. Workflow
 * code.
 */
public final class PartRunner {

  private final String jobId;
  private final JobSpec spec;
  private final int jobTotal;
  private final int lastPage;
  private final String pagesUri;
  private final int groupWidth;
  private final String reportTo;
  private final JobSteering steering;
  private final List<Promise<StateCounts>> runs = new ArrayList<>();
  private CancellationScope scope;

  /**
   * @param spec the job's spec, without its input, with the failure policy in force
   * @param lastPage the job's last page, which passes no slots on
   * @param pagesUri where the job's pages are listed, for the groups (null without groups)
   * @param reportTo where the parts report: null for the job itself (a page's default)
   */
  public PartRunner(
      String jobId,
      JobSpec spec,
      int jobTotal,
      int lastPage,
      String pagesUri,
      int groupWidth,
      String reportTo,
      JobSteering steering) {
    this.jobId = jobId;
    this.spec = spec;
    this.jobTotal = jobTotal;
    this.lastPage = lastPage;
    this.pagesUri = pagesUri;
    this.groupWidth = groupWidth;
    this.reportTo = reportTo;
    this.steering = steering;
  }

  /**
   * Starts these pages; the first gets {@code slots}, and waits for no page before it if {@code
   * first}.
   */
  public void startPages(List<PageRef> pages, int slots, boolean first) {
    start(
        () -> {
          for (PageRef page : pages) {
            boolean leading = page == pages.get(0);
            PageRequest request =
                new PageRequest(
                    jobId,
                    spec,
                    page,
                    jobTotal,
                    leading ? slots : 0,
                    leading && first,
                    page.page() == lastPage ? null : JobPageWorkflow.id(jobId, page.page() + 1),
                    // Every server now waits for a cancelled sub-job to stop (the flag is only in
                    // the page's input, which replay does not compare).
                    false,
                    reportTo);
            JobPageWorkflow stub =
                Workflow.newChildWorkflowStub(
                    JobPageWorkflow.class,
                    options(
                        JobPageWorkflow.id(jobId, page.page()),
                        "sub-jobs "
                            + page.firstIndex()
                            + ".."
                            + (page.firstIndex() + page.count() - 1)));
            Promise<StateCounts> run = Async.function(stub::run, request);
            runs.add(run);
            steering.started(stub, run);
          }
        });
  }

  /** Starts these groups of pages, as {@link #startPages} starts pages. */
  public void startGroups(List<PartRef> groups, int slots, boolean first) {
    start(
        () -> {
          for (PartRef group : groups) {
            boolean leading = group == groups.get(0);
            String id = JobPageGroupWorkflow.id(jobId, group);
            GroupRequest request =
                new GroupRequest(
                    jobId,
                    spec,
                    pagesUri,
                    group,
                    lastPage,
                    jobTotal,
                    leading ? slots : 0,
                    leading && first,
                    reportTo != null ? reportTo : jobId,
                    groupWidth);
            JobPageGroupWorkflow stub =
                Workflow.newChildWorkflowStub(
                    JobPageGroupWorkflow.class,
                    options(
                        id,
                        "pages "
                            + group.firstPage()
                            + ".."
                            + group.lastPage()
                            + ", sub-jobs "
                            + group.firstIndex()
                            + ".."
                            + (group.firstIndex() + group.count() - 1)));
            Promise<StateCounts> run = Async.function(stub::run, request);
            runs.add(run);
            steering.started(stub, run);
          }
        });
  }

  private void start(Runnable children) {
    scope = Workflow.newCancellationScope(children);
    scope.run();
  }

  private static ChildWorkflowOptions options(String id, String summary) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setStaticSummary(summary)
        // A part ends only once its running sub-jobs have stopped: none outlives a cancel.
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
        .build();
  }

  /**
   * Waits for every part; the first to fail stops the others, and its failure is thrown. A cancel
   * throws at once (the parts are being cancelled): the caller waits for them to stop.
   */
  public void awaitAll() {
    Workflow.await(() -> allEnded() || failure() != null);
    RuntimeException failure = failure();
    if (failure == null) {
      return;
    }
    scope.cancel();
    Workflow.await(this::allEnded);
    throw failure instanceof ChildWorkflowFailure child
            && child.getCause() instanceof ApplicationFailure app
        ? ApplicationFailure.newNonRetryableFailure(app.getOriginalMessage(), app.getType())
        : failure;
  }

  /** The failure of the first part to fail, in order, or null. */
  private RuntimeException failure() {
    for (Promise<StateCounts> run : runs) {
      if (run.isCompleted() && run.getFailure() != null) {
        return run.getFailure();
      }
    }
    return null;
  }

  public boolean allEnded() {
    return runs.stream().allMatch(Promise::isCompleted);
  }

  /** How many pages each part holds, when {@code pages} must be run by this workflow. */
  public static int pagesPerPart(int pages, int groupWidth) {
    int perPart = 1;
    while ((long) perPart * groupWidth < pages) {
      perPart *= groupWidth;
    }
    return perPart;
  }
}
