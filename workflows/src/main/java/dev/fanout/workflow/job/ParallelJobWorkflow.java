package dev.fanout.workflow.job;

import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.JobWindow;
import dev.fanout.job.SpecDocument;
import dev.fanout.workflow.page.JobPageGroupWorkflow;
import dev.fanout.workflow.page.JobPageWorkflow;
import dev.fanout.workflow.page.PageReport;
import dev.fanout.workflow.page.PageStatus;
import dev.fanout.workflow.page.PartStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One parent job: mapper, then sub-jobs in a sliding window of {@code maxParallel} run by page
 * workflows ({@link JobPageWorkflow}), then the optional reducer. Clients in any language start it
 * by its type name, {@value #TYPE}, with the job spec as a plain JSON object; the workflow id is
 * the job id.
 */
@WorkflowInterface
public interface ParallelJobWorkflow {

  String TYPE = "ParallelJob";

  /**
   * Takes the spec as a document (its JSON tree, and what its text had wrong) rather than a typed
   * record: a typed parameter would make a bad spec from another language fail inside Temporal's
   * decoding, where the workflow cannot answer it and is retried forever. As a document, the
   * workflow checks it and fails with every problem. On the wire it is the plain JSON object.
   */
  @WorkflowMethod(name = TYPE)
  JobResult run(SpecDocument spec);

  /**
   * Counts over every page as the pages last reported them: a running page reports at its first
   * launch and at every fifth of it done, so the job's history stays small whatever its size.
   */
  @QueryMethod(name = "progress")
  JobProgress progress();

  /**
   * The job's pages in index order with their last reported counts; each page's workflow answers
   * {@code counts} and {@code tasks} for its part, exactly.
   */
  @QueryMethod(name = "pages")
  List<PageStatus> pages();

  /**
   * The job's parts in order with their last reported counts: its pages, or, for a job of more
   * pages than one workflow starts, the groups of pages it started ({@link JobPageGroupWorkflow}),
   * each of which answers {@code parts} for its own.
   */
  @QueryMethod(name = "parts")
  List<PartStatus> parts();

  @SignalMethod(name = "pageReport")
  void pageReport(PageReport report);

  /**
   * Changes the running job's window or failure tolerance, and answers what is in force now. A
   * wider window starts more sub-jobs at once; a narrower one lets running ones finish and starts
   * none until fewer run than it allows. Refused, naming the field, once the job has ended or for a
   * value out of range or over the workers' ceiling.
   */
  @UpdateMethod(name = "scale")
  JobWindow scale(WindowChange change);

  @UpdateValidatorMethod(updateName = "scale")
  void validateScale(WindowChange change);
}
