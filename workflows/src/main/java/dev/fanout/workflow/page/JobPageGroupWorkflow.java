package dev.fanout.workflow.page;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.StateCounts;
import dev.fanout.workflow.Paging;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A run of a job's pages too long for the job to start itself (id {@code JOB/pages-F-L}): it starts
 * them, or groups of them, as its own children, so that no workflow starts more than the job's
 * {@link Paging#groupWidth()} and the job's size is bounded by its blob store alone. The pages pass
 * their slots to one another by id as ever, across groups too; a group only starts, waits for and
 * steers its parts, and sums their reports for the workflow above it.
 */
@WorkflowInterface
public interface JobPageGroupWorkflow {

  String TYPE = "ParallelJobGroup";

  String ID_INFIX = "/pages-";

  static String id(String jobId, PartRef range) {
    return jobId + ID_INFIX + range.firstPage() + "-" + range.lastPage();
  }

  static boolean isGroupId(String workflowId) {
    return workflowId.contains(ID_INFIX);
  }

  @WorkflowMethod(name = TYPE)
  StateCounts run(GroupRequest request);

  /** A part's counts, as a page sends them to its job. */
  @SignalMethod(name = "pageReport")
  void pageReport(PageReport report);

  @SignalMethod(name = "resize")
  void resize(int delta);

  @SignalMethod(name = "tolerate")
  void tolerate(FailurePolicy policy);

  /** The group's parts in order with the counts they last reported. */
  @QueryMethod(name = "parts")
  List<PartStatus> parts();
}
