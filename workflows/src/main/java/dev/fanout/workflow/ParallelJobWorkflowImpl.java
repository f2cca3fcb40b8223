package dev.fanout.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.InvalidJobSpecException;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.JobSpec;
import dev.fanout.job.JobSpecParser;
import dev.fanout.job.Json;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/** The job's story: check the spec, map, fan out in a sliding window, reduce. */
public class ParallelJobWorkflowImpl implements ParallelJobWorkflow {

  /** The widest window a job gets unless the worker is configured otherwise. */
  public static final int DEFAULT_MAX_PARALLEL_CEILING = 500;

  static final String TOO_MANY_FAILURES = "TooManyFailures";
  private static final int QUOTED_ERRORS = 3;
  private static final int MAX_PAGE = 1000;

  private final int maxParallelCeiling;
  private Instant startedAt;
  private Instant updatedAt;
  private JobSpec spec;
  private JobPhase phase = JobPhase.MAPPING;
  private int maxParallel;
  private SubJobLedger ledger = SubJobLedger.empty();

  public ParallelJobWorkflowImpl() {
    this(DEFAULT_MAX_PARALLEL_CEILING);
  }

  public ParallelJobWorkflowImpl(int maxParallelCeiling) {
    this.maxParallelCeiling = maxParallelCeiling;
  }

  @Override
  public JobResult run(JsonNode specJson) {
    startedAt = now();
    spec = parse(specJson);
    // The ceiling is worker configuration: record the window once so a replay on a differently
    // configured worker still makes the same decisions.
    maxParallel =
        Workflow.sideEffect(Integer.class, () -> Math.min(spec.maxParallel(), maxParallelCeiling));
    try {
      ledger =
          new SubJobLedger(SubJobBatches.group(map(), spec.itemsPerTask()), spec.failurePolicy());
      enter(JobPhase.RUNNING);
      fanOut();
      enter(JobPhase.REDUCING);
      JsonNode output = reduce();
      enter(JobPhase.SUCCEEDED);
      return new JobResult(jobId(), ledger.counts(), output);
    } catch (RuntimeException e) {
      if (CancellationScope.current().isCancelRequested()) {
        throw cancelled(e);
      }
      enter(JobPhase.FAILED);
      throw e;
    }
  }

  private JobSpec parse(JsonNode specJson) {
    try {
      return JobSpecParser.parse(specJson);
    } catch (InvalidJobSpecException e) {
      enter(JobPhase.FAILED);
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), InvalidJobSpecException.FAILURE_TYPE, e.errors());
    }
  }

  private List<SubJobSpec> map() {
    JsonNode output = invoke(Invocation.mapper(jobId(), spec.mapper(), spec.input()), "mapper");
    try {
      return MapperOutput.parse(output);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), MapperOutput.FAILURE_TYPE);
    }
  }

  /** Keeps {@code maxParallel} sub-jobs in flight until all are done or too many have failed. */
  private void fanOut() {
    CancellationScope window =
        Workflow.newCancellationScope(
            () -> {
              while (ledger.hasUnlaunched()) {
                Workflow.await(
                    () -> ledger.inFlight() < maxParallel || ledger.failureToleranceExceeded());
                if (ledger.failureToleranceExceeded()) {
                  return;
                }
                launch(ledger.launchNext(now()));
              }
            });
    window.run();
    Workflow.await(() -> ledger.inFlight() == 0 || ledger.failureToleranceExceeded());
    if (ledger.failureToleranceExceeded()) {
      window.cancel();
      Workflow.await(() -> ledger.inFlight() == 0);
      ledger.skipUnlaunched(now());
      throw ApplicationFailure.newNonRetryableFailure(
          ledger.failureSummary(QUOTED_ERRORS), TOO_MANY_FAILURES);
    }
  }

  private void launch(int index) {
    SubJobSpec subJob = ledger.spec(index);
    Instant launchedAt = ledger.view(index).startedAt();
    Invocation invocation =
        new Invocation(
            jobId(),
            Role.TASK,
            index,
            subJob.key(),
            spec.task().withResources(subJob.resources()),
            subJob.params());
    ActivityOptions options =
        InvocationOptions.forFunction(
            invocation.function(), spec, "sub-job " + index + ": " + subJob.key());
    FunctionActivities activities = Workflow.newActivityStub(FunctionActivities.class, options);
    Async.function(activities::invoke, invocation)
        .handle(
            (outcome, failure) -> {
              ledger.complete(
                  failure == null
                      ? SubJobOutcomes.succeeded(index, subJob, outcome)
                      : SubJobOutcomes.failed(index, subJob, launchedAt, failure, now()));
              touch();
              return null;
            });
    touch();
  }

  /** With no reducer, the job's output is the ordered list of sub-job results. */
  private JsonNode reduce() {
    if (spec.reducer() == null) {
      return Json.MAPPER.valueToTree(ledger.results());
    }
    ObjectNode input = Json.MAPPER.createObjectNode();
    input.set("input", spec.input());
    input.set("results", Json.MAPPER.valueToTree(ledger.results()));
    return invoke(Invocation.reducer(jobId(), spec.reducer(), input), "reducer");
  }

  private JsonNode invoke(Invocation invocation, String summary) {
    FunctionActivities activities =
        Workflow.newActivityStub(
            FunctionActivities.class,
            InvocationOptions.forFunction(invocation.function(), spec, summary));
    try {
      return activities.invoke(invocation).output();
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure) {
        throw e;
      }
      var error = SubJobOutcomes.error(e.getCause());
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          summary + " failed: " + error.type() + ": " + error.message(),
          summary.equals("mapper") ? "MapperFailed" : "ReducerFailed",
          e);
    }
  }

  /**
   * Waits, whatever else is cancelled, until every running sub-job has acknowledged the cancel, so
   * none outlives the job and none is recorded twice.
   */
  private CanceledFailure cancelled(RuntimeException cause) {
    Workflow.newDetachedCancellationScope(
            () -> {
              Workflow.await(() -> ledger.inFlight() == 0);
              ledger.skipUnlaunched(now());
              enter(JobPhase.CANCELLED);
            })
        .run();
    return cause instanceof CanceledFailure c ? c : new CanceledFailure("job cancelled");
  }

  @Override
  public JobProgress progress() {
    return new JobProgress(
        jobId(),
        spec == null ? null : spec.owner(),
        phase,
        ledger.total(),
        ledger.counts(),
        maxParallel,
        startedAt,
        updatedAt,
        summary());
  }

  @Override
  public TaskPage tasks(int offset, int limit, SubJobState state) {
    return ledger.page(offset, Math.min(limit, MAX_PAGE), state);
  }

  private void enter(JobPhase next) {
    phase = next;
    touch();
  }

  /** Keeps the Temporal UI's current details in step with every change. */
  private void touch() {
    updatedAt = now();
    Workflow.setCurrentDetails(summary());
  }

  private String summary() {
    StateCounts c = ledger.counts();
    return String.format(
        "%s %d/%d done, %d running, %d failed",
        phase, c.done(), ledger.total(), c.running(), c.failed());
  }

  private static String jobId() {
    return Workflow.getInfo().getWorkflowId();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
