package dev.fanout.workflow.page;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.StateCounts;
import dev.fanout.workflow.JobDataActivities;
import dev.fanout.workflow.job.JobSteering;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.List;

/** See {@link JobPageGroupWorkflow}. */
public class JobPageGroupWorkflowImpl implements JobPageGroupWorkflow {

  private final JobDataActivities data =
      Workflow.newLocalActivityStub(JobDataActivities.class, JobDataActivities.OPTIONS);
  private final JobSteering steering = new JobSteering();
  private final PartReports reports = new PartReports();
  private GroupRequest request;
  private List<PartRef> parts = List.of();
  private boolean partsAreGroups;
  private PartRunner runner;
  private int resized;
  private FailurePolicy tolerated;

  @Override
  public StateCounts run(GroupRequest request) {
    this.request = request;
    PartRef range = request.range();
    int perPart = PartRunner.pagesPerPart(range.pages(), request.groupWidth());
    partsAreGroups = perPart > 1;
    List<PageRef> pages = List.of();
    if (partsAreGroups) {
      parts = data.loadParts(request.pagesUri(), range.firstPage(), range.lastPage(), perPart);
    } else {
      pages = data.loadPageRefs(request.pagesUri(), range.firstPage(), range.lastPage());
      parts = pages.stream().map(PartRef::of).toList();
    }
    // A change of the window or tolerance that came while the parts were being read is what the
    // parts start with; from now on each goes to them.
    runner =
        new PartRunner(
            request.jobId(),
            tolerated == null ? request.spec() : request.spec().withFailurePolicy(tolerated),
            request.jobTotal(),
            request.lastPage(),
            request.pagesUri(),
            request.groupWidth(),
            JobPageGroupWorkflow.id(request.jobId(), range),
            steering);
    int slots = request.slots() + resized;
    if (partsAreGroups) {
      runner.startGroups(parts, slots, request.first());
    } else {
      runner.startPages(pages, slots, request.first());
    }
    Async.procedure(this::reportAsItFallsDue);
    try {
      runner.awaitAll();
    } catch (RuntimeException e) {
      if (CancellationScope.current().isCancelRequested()) {
        Workflow.newDetachedCancellationScope(() -> Workflow.await(runner::allEnded)).run();
      }
      Workflow.newDetachedCancellationScope(this::report).run();
      throw e;
    }
    report();
    return counts();
  }

  /** Passes the parts' counts up at the group's first launch and every fifth of it done. */
  private void reportAsItFallsDue() {
    while (true) {
      Workflow.await(() -> reports.due(parts, request.range().count()));
      reports.passedOn(parts, request.range().count());
      report();
    }
  }

  private void report() {
    Workflow.newExternalWorkflowStub(ParallelJobWorkflow.class, request.reportTo())
        .pageReport(new PageReport(request.range().firstPage(), counts()));
  }

  private StateCounts counts() {
    return reports.sum(parts);
  }

  @Override
  public void pageReport(PageReport report) {
    reports.take(report);
  }

  @Override
  public void resize(int delta) {
    if (runner == null) {
      resized += delta;
    } else {
      steering.resize(delta);
    }
  }

  @Override
  public void tolerate(FailurePolicy policy) {
    if (runner == null) {
      tolerated = policy;
    } else {
      steering.tolerate(policy);
    }
  }

  @Override
  public List<PartStatus> parts() {
    return request == null ? List.of() : reports.statuses(request.jobId(), parts, partsAreGroups);
  }
}
