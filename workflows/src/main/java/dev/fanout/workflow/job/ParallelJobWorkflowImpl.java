package dev.fanout.workflow.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.FailurePolicy;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.JobSpec;
import dev.fanout.job.JobWindow;
import dev.fanout.job.SpecDocument;
import dev.fanout.workflow.JobDataActivities;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.owner.OwnerWorkflow;
import dev.fanout.workflow.page.PageReport;
import dev.fanout.workflow.page.PageStatus;
import dev.fanout.workflow.page.PartRef;
import dev.fanout.workflow.page.PartRunner;
import dev.fanout.workflow.page.PartStatus;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * The job's story: check the spec, map into pages, run the pages (which share the job's window),
 * write the results manifest, reduce.
 */
public class ParallelJobWorkflowImpl implements ParallelJobWorkflow {

  /** From this version a cancelled job says so (CANCELLING) until its sub-jobs have stopped. */
  public static final String CANCELLING = "cancelling-phase";

  /**
   * From this version a job says when it has ended, however it ended ({@code JobEnded}), so that a
   * restarted embedded server resumes only the jobs that had not.
   */
  public static final String JOB_ENDED = "job-ended";

  private static final Logger log = Workflow.getLogger(ParallelJobWorkflowImpl.class);

  /** The widest window a job gets unless the worker is configured otherwise. */
  public static final int DEFAULT_MAX_PARALLEL_CEILING = 500;

  private final int maxParallelCeiling;
  private final Paging.Shape shape;
  private final JobDataActivities data =
      Workflow.newLocalActivityStub(JobDataActivities.class, JobDataActivities.OPTIONS);
  private final JobTracker tracker = new JobTracker();
  private final JobSteering steering = new JobSteering();
  private JobSpec spec;
  private int maxParallel;
  private MapperPlan plan;
  private PartRunner runner;

  public ParallelJobWorkflowImpl() {
    this(DEFAULT_MAX_PARALLEL_CEILING);
  }

  public ParallelJobWorkflowImpl(int maxParallelCeiling) {
    this(maxParallelCeiling, Paging.Shape.DEFAULT);
  }

  /**
   * @param shape how pages are sized and grouped: a worker's setting (tests shrink it), which the
   *     mapper's plan records, so replays do not depend on it
   */
  public ParallelJobWorkflowImpl(int maxParallelCeiling, Paging.Shape shape) {
    this.maxParallelCeiling = maxParallelCeiling;
    this.shape = shape;
  }

  @Override
  public JobResult run(SpecDocument specJson) {
    try {
      return runJob(specJson);
    } finally {
      OwnerWorkflow.tellParentLedger(jobId(), tracker.phase());
      if (Workflow.getVersion(JOB_ENDED, Workflow.DEFAULT_VERSION, 1) == 1) {
        ended();
      }
    }
  }

  private JobResult runJob(SpecDocument specJson) {
    tracker.started();
    try {
      spec = StartedSpec.parse(specJson);
    } catch (ApplicationFailure refused) {
      tracker.enter(JobPhase.FAILED);
      throw refused;
    }
    // The ceiling is worker configuration: record the window once so a replay on a differently
    // configured worker still makes the same decisions.
    maxParallel =
        Workflow.sideEffect(Integer.class, () -> Math.min(spec.maxParallel(), maxParallelCeiling));
    tracker.specified(spec.owner(), maxParallel, spec.failurePolicy());
    try {
      JobFunctions functions = new JobFunctions(jobId(), spec);
      plan = functions.map(maxParallel, shape);
      tracker.mapped(plan);
      tracker.enter(JobPhase.RUNNING);
      runPages();
      String results = data.writeManifest(jobId(), plan.pagesInAll());
      tracker.enter(JobPhase.REDUCING);
      JsonNode output = functions.reduce(results);
      tracker.enter(JobPhase.SUCCEEDED);
      return new JobResult(jobId(), tracker.counts(), output, results);
    } catch (RuntimeException e) {
      if (CancellationScope.current().isCancelRequested()) {
        throw cancelled(e);
      }
      if (plan != null && tracker.phase() == JobPhase.RUNNING) {
        // The sub-jobs that did run keep their results, for the user to see why and to redo.
        data.writeManifest(jobId(), plan.pagesInAll());
      }
      tracker.enter(JobPhase.FAILED);
      throw e;
    }
  }

  /** Tells the journal the job ended; even a cancelled job does, and its trouble changes no end. */
  private void ended() {
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                data.jobEnded(jobId());
              } catch (ActivityFailure e) {
                log.warn("the journal may resume this ended job: {}", e.getCause().getMessage());
              }
            })
        .run();
  }

  /**
   * Starts every part at once, its pages, or groups of them when there are more than one workflow
   * starts: the first holds the whole window, the others wait for the slots the pages before pass
   * on. The first part to fail (too many failures) stops the others.
   */
  private void runPages() {
    JobWindow window = tracker.window();
    runner =
        new PartRunner(
            jobId(),
            spec.withoutInput().withFailurePolicy(window.failurePolicy()),
            plan.total(),
            plan.pagesInAll() - 1,
            plan.pagesUri(),
            plan.groupWidth(),
            null,
            steering);
    if (plan.grouped()) {
      int pages = plan.pagesInAll();
      List<PartRef> groups =
          data.loadParts(
              plan.pagesUri(), 0, pages - 1, PartRunner.pagesPerPart(pages, plan.groupWidth()));
      tracker.grouped(groups);
      runner.startGroups(groups, window.maxParallel(), true);
    } else {
      runner.startPages(plan.pages(), window.maxParallel(), true);
    }
    runner.awaitAll();
  }

  private boolean allPagesEnded() {
    return runner == null || runner.allEnded();
  }

  /**
   * Waits, whatever else is cancelled, until every page has stopped its sub-jobs, so none outlives
   * the job and none is recorded twice; then keeps what did run in the manifest. Meanwhile the job
   * says it is CANCELLING, with the sub-jobs still stopping as its running ones.
   */
  private CanceledFailure cancelled(RuntimeException cause) {
    Workflow.newDetachedCancellationScope(
            () -> {
              if (Workflow.getVersion(CANCELLING, Workflow.DEFAULT_VERSION, 1) == 1) {
                tracker.enter(JobPhase.CANCELLING);
              }
              Workflow.await(this::allPagesEnded);
              if (plan != null) {
                data.writeManifest(jobId(), plan.pagesInAll());
              }
              tracker.enter(JobPhase.CANCELLED);
            })
        .run();
    return cause instanceof CanceledFailure c ? c : new CanceledFailure("job cancelled");
  }

  @Override
  public void pageReport(PageReport report) {
    tracker.report(report);
  }

  @Override
  public void validateScale(WindowChange change) {
    if (spec == null || tracker.phase().ended()) {
      throw new IllegalStateException("job " + jobId() + " has ended");
    }
    String refusal = JobSteering.refusal(change, maxParallelCeiling);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  @Override
  public JobWindow scale(WindowChange change) {
    JobWindow before = tracker.window();
    int window = change.maxParallel() != null ? change.maxParallel() : before.maxParallel();
    FailurePolicy policy =
        before.failurePolicy().with(change.toleratedFailures(), change.toleratedFailurePercent());
    tracker.windowChanged(window, policy);
    if (window != before.maxParallel()) {
      steering.resize(window - before.maxParallel());
    }
    if (!policy.equals(before.failurePolicy())) {
      steering.tolerate(policy);
    }
    return tracker.window();
  }

  @Override
  public JobProgress progress() {
    return tracker.progress(jobId());
  }

  @Override
  public List<PageStatus> pages() {
    return tracker.pages();
  }

  @Override
  public List<PartStatus> parts() {
    return tracker.parts(jobId());
  }

  private static String jobId() {
    return Workflow.getInfo().getWorkflowId();
  }
}
