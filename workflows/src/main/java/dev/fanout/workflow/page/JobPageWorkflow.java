package dev.fanout.workflow.page;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One page of a job's sub-jobs, a child of the job's workflow with id {@code JOB/page-N}. It runs
 * its sub-jobs in the window slots it holds; once it has launched all of them, every slot it frees
 * goes on to the next page, so the job's window stays full across pages and never grows.
 */
@WorkflowInterface
public interface JobPageWorkflow {

  String TYPE = "ParallelJobPage";

  @WorkflowMethod(name = TYPE)
  StateCounts run(PageRequest request);

  @SignalMethod(name = "handoff")
  void handoff(Handoff handoff);

  /**
   * The job's window grew or shrank by {@code delta} slots: the page that is launching takes the
   * change, one that has launched everything passes it on.
   */
  @SignalMethod(name = "resize")
  void resize(int delta);

  /** The job's failure policy changed. */
  @SignalMethod(name = "tolerate")
  void tolerate(FailurePolicy policy);

  @QueryMethod(name = "counts")
  StateCounts counts();

  /** A page of this page's sub-jobs, optionally only those in {@code state} (null: all). */
  @QueryMethod(name = "tasks")
  TaskPage tasks(int offset, int limit, SubJobState state);

  String ID_INFIX = "/page-";

  static String id(String jobId, int page) {
    return jobId + ID_INFIX + page;
  }

  /** Whether a workflow id is a page's; a job's children are pages, an owner ledger's are jobs. */
  static boolean isPageId(String workflowId) {
    return workflowId.contains(ID_INFIX);
  }

  /** The job a page's workflow id belongs to. */
  static String jobIdOf(String pageId) {
    return pageId.substring(0, pageId.lastIndexOf(ID_INFIX));
  }
}
