package dev.fanout.workflow.owner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.JobPhase;
import dev.fanout.job.SpecDocument;
import dev.fanout.workflow.JobSearchAttributes;
import dev.fanout.workflow.TaskQueues;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** See {@link OwnerWorkflow}. Jobs report their end by signal, so the ledger keeps no promises. */
public class OwnerWorkflowImpl implements OwnerWorkflow {

  /** Ended jobs kept for the owner's list; the active ones are always kept. */
  static final int KEEP_ENDED = 500;

  /** History length at which the ledger continues as new, far below Temporal's warning. */
  static final int MAX_HISTORY = 4_000;

  /** Oldest first. */
  private final Map<String, OwnedJob> jobs = new LinkedHashMap<>();

  @Override
  public void run(List<OwnedJob> carried) {
    if (carried != null) {
      carried.forEach(j -> jobs.put(j.jobId(), j));
    }
    Workflow.await(
        () ->
            Workflow.getInfo().getHistoryLength() > MAX_HISTORY
                && Workflow.isEveryHandlerFinished());
    Workflow.continueAsNew(kept());
  }

  @Override
  public Admission submit(Submission submission) {
    OwnerLimits limits = submission.limits();
    List<OwnedJob> active = jobs.values().stream().filter(OwnedJob::active).toList();
    if (active.size() >= limits.maxActiveJobs()) {
      return Admission.refused(
          submission.jobId(), "maxActiveJobs", limits.maxActiveJobs(), active.size());
    }
    int held = held();
    int left = limits.maxRunningSubJobs() - held;
    if (left < 1) {
      return Admission.refused(
          submission.jobId(), "maxRunningSubJobs", limits.maxRunningSubJobs(), held);
    }
    int window = Math.min(submission.requestedParallel(), left);
    // Held before the start is awaited, so a submission arriving meanwhile sees it.
    jobs.put(
        submission.jobId(),
        new OwnedJob(submission.jobId(), now(), window, JobPhase.RUNNING, submission.redriveOf()));
    ObjectNode spec = submission.spec().deepCopy();
    spec.put("maxParallel", window);
    ParallelJobWorkflow job =
        Workflow.newChildWorkflowStub(ParallelJobWorkflow.class, childOptions(submission));
    // The job reports its end by signal; its result is the job's business, not the ledger's.
    Async.function(job::run, SpecDocument.of(spec)).handle((result, failure) -> null);
    try {
      Workflow.getWorkflowExecution(job).get();
    } catch (RuntimeException e) {
      jobs.remove(submission.jobId());
      throw e;
    }
    return Admission.started(submission.jobId(), window);
  }

  private static ChildWorkflowOptions childOptions(Submission submission) {
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(submission.jobId())
            .setTaskQueue(TaskQueues.WORKFLOWS)
            .setStaticSummary(submission.summary())
            // The job outlives this run of the ledger, which continues as new now and then.
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON);
    if (submission.searchAttributes()) {
      String owner = submission.spec().path("owner").asText();
      options.setTypedSearchAttributes(JobSearchAttributes.atStart(owner));
    }
    return options.build();
  }

  @Override
  public void validateRescale(Rescale rescale) {
    OwnedJob job = jobs.get(rescale.jobId());
    if (job == null) {
      throw new IllegalStateException("job " + rescale.jobId() + " was not started by this ledger");
    }
    if (!job.active()) {
      throw new IllegalStateException("job " + rescale.jobId() + " has ended");
    }
    int held = held() - job.maxParallel() + rescale.maxParallel();
    if (held > rescale.limits().maxRunningSubJobs()) {
      throw new IllegalArgumentException(
          "maxParallel: "
              + rescale.maxParallel()
              + " would make the owner's jobs hold "
              + held
              + " sub-jobs at once, over maxRunningSubJobs="
              + rescale.limits().maxRunningSubJobs());
    }
  }

  @Override
  public Admission rescale(Rescale rescale) {
    jobs.computeIfPresent(rescale.jobId(), (id, job) -> job.rescaled(rescale.maxParallel()));
    return Admission.started(rescale.jobId(), rescale.maxParallel());
  }

  /** The sum of the windows of the owner's running jobs. */
  private int held() {
    return jobs.values().stream().filter(OwnedJob::active).mapToInt(OwnedJob::maxParallel).sum();
  }

  @Override
  public void jobEnded(String jobId, JobPhase phase) {
    OwnedJob job = jobs.get(jobId);
    if (job != null) {
      jobs.put(jobId, job.ended(phase));
    }
  }

  @Override
  public List<OwnedJob> jobs() {
    List<OwnedJob> newestFirst = new ArrayList<>(kept());
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** Every active job and the last {@value #KEEP_ENDED} ended ones, oldest first. */
  private List<OwnedJob> kept() {
    long ended = jobs.values().stream().filter(j -> !j.active()).count();
    long toDrop = Math.max(0, ended - KEEP_ENDED);
    List<OwnedJob> kept = new ArrayList<>();
    for (OwnedJob job : jobs.values()) {
      if (!job.active() && toDrop > 0) {
        toDrop--;
      } else {
        kept.add(job);
      }
    }
    return kept;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
