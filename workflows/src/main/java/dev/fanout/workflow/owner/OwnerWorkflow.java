package dev.fanout.workflow.owner;

import dev.fanout.job.JobPhase;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;
import java.util.Optional;

/**
 * One owner's ledger: it admits their jobs within their limits and starts each as its child, so the
 * count of what an owner holds lives in Temporal, not in an API process, and survives any restart.
 * Workflow id {@code fanout-owner/OWNER}. A job holds its share of the owner's sub-job slots from
 * its start to its end; the ledger itself holds none, and nothing waits while holding one.
 */
@WorkflowInterface
public interface OwnerWorkflow {

  String TYPE = "FanoutOwner";
  String ID_PREFIX = "fanout-owner/";

  static String id(String owner) {
    return ID_PREFIX + owner;
  }

  /**
   * From a job's workflow: tells the owner's ledger that started it, if one did, how it ended,
   * which frees the owner's share. Done whatever else is cancelled; a ledger that is gone has
   * nothing to free.
   */
  static void tellParentLedger(String jobId, JobPhase phase) {
    Optional<String> parent = Workflow.getInfo().getParentWorkflowId();
    if (parent.isEmpty() || !parent.get().startsWith(ID_PREFIX)) {
      return;
    }
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                Workflow.newExternalWorkflowStub(OwnerWorkflow.class, parent.get())
                    .jobEnded(jobId, phase);
              } catch (SignalExternalWorkflowException e) {
                // The ledger was terminated by an operator: nobody holds the share any more.
              }
            })
        .run();
  }

  /** Runs until its history grows long, then continues as new with {@code carried}. */
  @WorkflowMethod(name = TYPE)
  void run(List<OwnedJob> carried);

  /** Admits and starts the job, or says which limit it would pass. */
  @UpdateMethod(name = "submit")
  Admission submit(Submission submission);

  /**
   * Lets a running job of the owner hold another window, refused (naming {@code maxRunningSubJobs})
   * if the owner's jobs would then hold more than it allows.
   */
  @UpdateMethod(name = "rescale")
  Admission rescale(Rescale rescale);

  @UpdateValidatorMethod(updateName = "rescale")
  void validateRescale(Rescale rescale);

  /** A job this ledger started tells it how it ended. */
  @SignalMethod(name = "jobEnded")
  void jobEnded(String jobId, JobPhase phase);

  /** The owner's jobs, newest first: every active one and the most recent ended ones. */
  @QueryMethod(name = "jobs")
  List<OwnedJob> jobs();
}
