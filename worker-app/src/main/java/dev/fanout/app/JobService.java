package dev.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.FailureType;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.InvalidJobSpecException;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.JobSpec;
import dev.fanout.job.JobWindow;
import dev.fanout.job.Json;
import dev.fanout.job.Retrying;
import dev.fanout.job.SpecDocument;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import dev.fanout.jobdata.SubJobPages;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import dev.fanout.workflow.job.WindowChange;
import dev.fanout.workflow.owner.Admission;
import dev.fanout.workflow.owner.OwnedJob;
import dev.fanout.workflow.owner.OwnerLimits;
import dev.fanout.workflow.owner.OwnerWorkflow;
import dev.fanout.workflow.owner.Rescale;
import dev.fanout.workflow.page.JobPageGroupWorkflow;
import dev.fanout.workflow.page.JobPageWorkflow;
import dev.fanout.workflow.page.PartRef;
import dev.fanout.workflow.page.PartStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What a user can do with jobs, over one Temporal client, and the rules of when they may: the CLI
 * and the HTTP API both call it, and map its answers and exceptions to their own ({@link
 * JobConflictException}: not in this phase; {@link InvalidJobSpecException}: a bad spec).
 */
public final class JobService {

  /** The built-in mapper a redrive runs: it returns the sub-jobs listed in its input. */
  public static final String LISTED_SUB_JOBS = "fanout.listed";

  /** An ended job's result is at the server already: this is only a bound on reading it. */
  private static final Duration ENDED_RESULT_WAIT = Duration.ofSeconds(10);

  /** A redrive's sub-jobs travel in its spec, which Temporal carries as one payload. */
  static final int MAX_REDRIVE_INPUT_BYTES = 1024 * 1024;

  private final WorkflowClient client;
  private final JobStarts starts;

  /** A service that submits only specs small enough for Temporal as they are. */
  public JobService(WorkflowClient client) {
    this(client, null);
  }

  /**
   * @param blobs the workers' blob store, where the input of a spec too large for a Temporal
   *     payload goes (null: such a spec is refused, naming the limit)
   */
  public JobService(WorkflowClient client, BlobStore blobs) {
    this.client = client;
    this.starts = new JobStarts(client, blobs);
  }

  /** {@link #submit(SpecDocument, String)} of a spec built in code. */
  public String submit(JsonNode spec, String jobId) {
    return submit(SpecDocument.of(spec), jobId);
  }

  /**
   * Starts the job directly, outside any owner's ledger, so no owner's list or limit sees it: for
   * engine tests and benchmarks that measure the engine alone. The CLI and the API submit through
   * {@link #submitWithin(SpecDocument, String, String, OwnerLimits)}. The spec is checked here
   * first, so a mistake is answered before anything starts.
   *
   * @param jobId the id to use, or null for a new one
   */
  public String submit(SpecDocument spec, String jobId) {
    return starts.direct(spec, jobId);
  }

  /**
   * The limits the CLI submits within. It reaches Temporal directly, so limits on it would be
   * advice rather than a guard; its jobs are still on the owner's ledger, listed with the API's and
   * held against the API's limits.
   */
  public static final OwnerLimits NO_LIMITS = new OwnerLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

  /** {@link #submitWithin(SpecDocument, String, String, OwnerLimits)} as the spec names it. */
  public Admission submitWithin(SpecDocument spec, OwnerLimits limits) {
    return submitWithin(spec, null, null, limits);
  }

  /**
   * Submits through the owner's ledger ({@link OwnerWorkflow}), which starts the job only within
   * the owner's limits and lists it among their jobs: the one way the CLI and the API start a job.
   * The spec is checked here first, as by {@link #submit}.
   *
   * @param owner the owner of a spec that names none (null: {@link JobSpec#DEFAULT_OWNER})
   * @param jobId the id to use, or null for a new one
   */
  public Admission submitWithin(SpecDocument spec, String owner, String jobId, OwnerLimits limits) {
    // The ledger keys its jobs by id: a second running job under one id would take the first's
    // place there. An id whose job has ended may be used again, as Temporal allows.
    if (jobId != null && running(jobId)) {
      throw new JobConflictException("job '" + jobId + "' is running already: choose another id");
    }
    if (owner != null
        && spec.tree() instanceof ObjectNode object
        && object.path("owner").isMissingNode()) {
      object.put("owner", owner);
    }
    return starts.throughLedger(spec, jobId, limits, null);
  }

  /**
   * A new job, through the owner's ledger, that runs again only the sub-jobs of the ended job that
   * did not succeed, as its mapper gave them, with its functions and settings. The ledger records
   * the lineage both ways ({@link Lineage}).
   *
   * @param results the workers' blob store, where the job's results are
   * @throws JobConflictException naming why there is nothing to redrive, or the job has not ended
   */
  public Admission redrive(JobProgress job, BlobStore results, OwnerLimits limits)
      throws IOException {
    String jobId = job.jobId();
    if (!job.phase().ended()) {
      throw new JobConflictException("job '" + jobId + "' has not ended: " + job.phase());
    }
    List<SubJobSpec> again;
    try {
      again = SubJobPages.notSucceeded(results, jobId);
    } catch (NoSuchFileException e) {
      throw new JobConflictException("job '" + jobId + "' has no results: it never ran a sub-job");
    }
    if (again.isEmpty()) {
      throw new JobConflictException("every sub-job of '" + jobId + "' succeeded");
    }
    ObjectNode spec = (ObjectNode) starts.startSpec(jobId);
    spec.remove("itemsPerTask"); // the sub-jobs are as the original mapper's batches made them
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java(LISTED_SUB_JOBS)));
    ObjectNode input = spec.putObject("input");
    input.set("subJobs", Json.MAPPER.valueToTree(again));
    input.put("redriveOf", jobId);
    if (Json.size(input) > MAX_REDRIVE_INPUT_BYTES) {
      throw new JobConflictException(
          again.size()
              + " sub-jobs of '"
              + jobId
              + "' to run again are too many to pass inline ("
              + Json.size(input)
              + " bytes, at most "
              + MAX_REDRIVE_INPUT_BYTES
              + "); start a new job for them");
    }
    return starts.throughLedger(SpecDocument.of(spec), null, limits, jobId);
  }

  private boolean running(String jobId) {
    try {
      return client.newUntypedWorkflowStub(jobId).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  /** The owner's jobs as their ledger knows them, newest first; none if they never submitted. */
  public List<OwnedJob> ownedJobs(String owner) {
    try {
      OwnerWorkflow ledger = client.newWorkflowStub(OwnerWorkflow.class, OwnerWorkflow.id(owner));
      return answer("the ledger of " + owner, ledger::jobs);
    } catch (WorkflowNotFoundException e) {
      return List.of();
    }
  }

  /** The first {@code limit} of the owner's jobs, newest first; those in {@code phase} if given. */
  public List<OwnedJob> ownedJobs(String owner, JobPhase phase, int limit) {
    return ownedJobs(owner).stream()
        .filter(j -> phase == null || j.phase() == phase)
        .limit(limit)
        .toList();
  }

  /** The job's redrives and the job it redrives, from its owner's ledger. */
  public Lineage lineage(JobProgress job) {
    return Lineage.of(job.jobId(), ownedJobs(job.owner()));
  }

  /**
   * The job's progress, exact: the job's own counts come from its parts' reports, which lag within
   * a running page, so the pages still running are asked for theirs (through the groups of pages
   * still running, for a job that has groups).
   */
  public JobProgress progress(String jobId) {
    ParallelJobWorkflow job = workflow(jobId);
    JobProgress progress = ask(jobId, job::progress);
    if (progress.phase() == JobPhase.MAPPING || progress.phase() == JobPhase.REDUCING) {
      return progress.withRetrying(retrying(jobId));
    }
    if (progress.phase() != JobPhase.RUNNING && progress.phase() != JobPhase.CANCELLING) {
      return progress;
    }
    return progress.withCounts(liveCounts(jobId, ask(jobId, job::parts)));
  }

  private StateCounts liveCounts(String jobId, List<PartStatus> parts) {
    StateCounts counts = StateCounts.NONE;
    for (PartStatus part : parts) {
      counts = counts.plus(part.active() ? liveCounts(jobId, part) : part.reported());
    }
    return counts;
  }

  private StateCounts liveCounts(String jobId, PartStatus part) {
    return part.group()
        ? liveCounts(jobId, ask(jobId, group(part)::parts))
        : ask(jobId, page(part)::counts);
  }

  /**
   * The job's mapper or reducer while it is retried after failed attempts, from the server's
   * description of the job (its pending activities): the workflow hears of a failure only once the
   * last attempt has failed.
   */
  public List<Retrying> retrying(String jobId) {
    DescribeWorkflowExecutionResponse described =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(jobId))
                    .build());
    return described.getPendingActivitiesList().stream()
        .filter(PendingActivityInfo::hasLastFailure)
        .map(
            activity ->
                new Retrying(
                    activity.getActivityType().getName().equals("Map") ? "mapper" : "reducer",
                    activity.getAttempt(),
                    activity.getMaximumAttempts(),
                    describe(activity.getLastFailure())))
        .toList();
  }

  /** {@code Type: message}, as a failure is shown everywhere else. */
  private static String describe(Failure failure) {
    String type =
        failure.hasApplicationFailureInfo()
            ? failure.getApplicationFailureInfo().getType()
            : failure.hasTimeoutFailureInfo()
                ? FailureType.TIMEOUT.type()
                : failure.getFailureInfoCase().name();
    return type + ": " + failure.getMessage();
  }

  /** Asks a job or page a query, bounded ({@link WorkflowCalls}). */
  private <T> T ask(String jobId, Supplier<T> query) {
    return answer("job " + jobId, query);
  }

  private <T> T answer(String who, Supplier<T> call) {
    return WorkflowCalls.answer(client, who, call);
  }

  /**
   * Sub-jobs {@code offset..offset+limit} of the job (of those in {@code state} when it is not
   * null), asked of the pages that hold them. Without a state, only the pages in the range are
   * asked; with one, every page is, to count the matches before the range.
   */
  public TaskPage tasks(String jobId, int offset, int limit, SubJobState state) {
    List<SubJobResult> found = new ArrayList<>();
    int matching = tasks(jobId, ask(jobId, workflow(jobId)::parts), offset, limit, state, found, 0);
    return new TaskPage(Math.min(offset, matching), matching, found);
  }

  /**
   * Adds to {@code found} what these parts hold of the range, {@code matchedBefore} matches having
   * come before them; the matches counted so far.
   */
  private int tasks(
      String jobId,
      List<PartStatus> parts,
      int offset,
      int limit,
      SubJobState state,
      List<SubJobResult> found,
      int matchedBefore) {
    int matching = matchedBefore;
    for (PartStatus status : parts) {
      PartRef part = status.part();
      boolean beforeRange = state == null && part.firstIndex() + part.count() <= offset;
      boolean afterRange = state == null && found.size() == limit;
      if (beforeRange || afterRange) {
        matching += part.count();
      } else if (status.group()) {
        matching =
            tasks(jobId, ask(jobId, group(status)::parts), offset, limit, state, found, matching);
      } else {
        int from = offset + found.size() - matching;
        JobPageWorkflow onPage = page(status);
        TaskPage page =
            ask(jobId, () -> onPage.tasks(Math.max(from, 0), limit - found.size(), state));
        found.addAll(page.tasks());
        matching += page.matching();
      }
    }
    return matching;
  }

  /**
   * Changes a running job's window or failure tolerance and answers what is in force now. When the
   * owner's ledger started the job and {@code limits} are given (the API), the ledger must first
   * let it hold the new window; it is given back the old one if the job then refuses.
   *
   * @throws IllegalArgumentException naming the field and the limit, when refused
   */
  public JobWindow scale(String jobId, WindowChange change, OwnerLimits limits) {
    Optional<OwnerWorkflow> ledger =
        limits != null && change.maxParallel() != null ? ledgerOf(jobId) : Optional.empty();
    int before = workflow(jobId).progress().maxParallel();
    ledger.ifPresent(
        l -> {
          try {
            refusedAs(() -> l.rescale(rescale(jobId, change.maxParallel(), limits)));
          } catch (IllegalArgumentException e) {
            throw new OverOwnerLimit(e.getMessage(), limits.maxRunningSubJobs(), held(l));
          }
        });
    try {
      return refusedAs(() -> workflow(jobId).scale(change));
    } catch (IllegalArgumentException | IllegalStateException e) {
      ledger.ifPresent(l -> l.rescale(rescale(jobId, before, limits)));
      throw e;
    }
  }

  /** A window the owner's other jobs leave no room for. */
  public static final class OverOwnerLimit extends IllegalArgumentException {
    private final int limit;
    private final int held;

    OverOwnerLimit(String message, int limit, int held) {
      super(message);
      this.limit = limit;
      this.held = held;
    }

    /** {@code maxRunningSubJobs}. */
    public int limit() {
      return limit;
    }

    /** What the owner's running jobs hold of it now. */
    public int held() {
      return held;
    }
  }

  private static int held(OwnerWorkflow ledger) {
    return ledger.jobs().stream()
        .filter(j -> j.phase() == JobPhase.RUNNING)
        .mapToInt(OwnedJob::maxParallel)
        .sum();
  }

  private static Rescale rescale(String jobId, int maxParallel, OwnerLimits limits) {
    return new Rescale(jobId, maxParallel, limits);
  }

  /** The ledger that started the job, if one did. */
  private Optional<OwnerWorkflow> ledgerOf(String jobId) {
    WorkflowExecution parent = client.newUntypedWorkflowStub(jobId).describe().getParentExecution();
    return parent != null && parent.getWorkflowId().startsWith(OwnerWorkflow.ID_PREFIX)
        ? Optional.of(client.newWorkflowStub(OwnerWorkflow.class, parent.getWorkflowId()))
        : Optional.empty();
  }

  /** An update's answer, or its validator's refusal as the exception it threw, message and all. */
  private static <T> T refusedAs(java.util.function.Supplier<T> update) {
    try {
      return update.get();
    } catch (WorkflowNotFoundException e) {
      // Known by the query before: the job has ended, and a closed workflow takes no updates.
      throw new JobConflictException("job " + e.getExecution().getWorkflowId() + " has ended");
    } catch (WorkflowUpdateException e) {
      String message =
          e.getCause() instanceof ApplicationFailure failure
              ? failure.getOriginalMessage()
              : String.valueOf(e.getCause());
      boolean ended =
          e.getCause() instanceof ApplicationFailure failure
              && failure.getType().equals(IllegalStateException.class.getName());
      throw ended ? new JobConflictException(message) : new IllegalArgumentException(message);
    }
  }

  /** {@link #cancel(JobProgress)} of the job as it is now. */
  public void cancel(String jobId) {
    cancel(progress(jobId));
  }

  /**
   * Asks the job to cancel: it stops its sub-jobs, then ends as CANCELLED.
   *
   * @throws JobConflictException once it has ended
   */
  public void cancel(JobProgress job) {
    if (job.phase().ended()) {
      throw new JobConflictException("job '" + job.jobId() + "' has ended: " + job.phase());
    }
    client.newUntypedWorkflowStub(job.jobId()).cancel();
  }

  /**
   * What an ended job says beyond its progress.
   *
   * @param result a succeeded job's
   * @param error why a failed job failed
   */
  public record Outcome(JobResult result, String error) {}

  /** A succeeded job's result, a failed job's reason; neither for any other. */
  public Outcome outcome(JobProgress job) {
    return switch (job.phase()) {
      case SUCCEEDED -> new Outcome(endedResult(job.jobId()), null);
      case FAILED -> new Outcome(null, failure(job.jobId()));
      default -> new Outcome(null, null);
    };
  }

  private JobResult endedResult(String jobId) {
    try {
      return result(jobId).get(ENDED_RESULT_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("result of " + jobId + " unreadable", e);
    }
  }

  private String failure(String jobId) {
    try {
      result(jobId).get(ENDED_RESULT_WAIT.toSeconds(), TimeUnit.SECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      return null;
    } catch (Exception e) {
      Throwable cause = e.getCause() instanceof WorkflowException w ? w.getCause() : e.getCause();
      return cause == null ? e.getMessage() : cause.getMessage();
    }
  }

  /** Completes with the job's result, or exceptionally with why it failed or was cancelled. */
  public CompletableFuture<JobResult> result(String jobId) {
    WorkflowStub stub = client.newUntypedWorkflowStub(jobId);
    return stub.getResultAsync(JobResult.class);
  }

  /** The job's full history as JSON, for replay tests and bug reports. */
  public String historyJson(String jobId) {
    return client.fetchHistory(jobId).toJson(true);
  }

  /** The workflows a job runs as, in order: itself, then each of its groups and pages. */
  public List<String> runs(String jobId) {
    List<String> runs = new ArrayList<>(List.of(jobId));
    addRuns(jobId, ask(jobId, workflow(jobId)::parts), runs);
    return runs;
  }

  private void addRuns(String jobId, List<PartStatus> parts, List<String> runs) {
    for (PartStatus part : parts) {
      runs.add(part.workflowId());
      if (part.group()) {
        addRuns(jobId, ask(jobId, group(part)::parts), runs);
      }
    }
  }

  private JobPageWorkflow page(PartStatus part) {
    return client.newWorkflowStub(JobPageWorkflow.class, part.workflowId());
  }

  private JobPageGroupWorkflow group(PartStatus part) {
    return client.newWorkflowStub(JobPageGroupWorkflow.class, part.workflowId());
  }

  private ParallelJobWorkflow workflow(String jobId) {
    return client.newWorkflowStub(ParallelJobWorkflow.class, jobId);
  }
}
