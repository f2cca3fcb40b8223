package dev.fanout.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One parent job: mapper, then sub-jobs in a sliding window of {@code maxParallel}, then the
 * optional reducer. Clients in any language start it by its type name, {@value #TYPE}, with the job
 * spec as a plain JSON object; the workflow id is the job id.
 */
@WorkflowInterface
public interface ParallelJobWorkflow {

  String TYPE = "ParallelJob";

  /**
   * Takes the spec as a JSON tree rather than a typed record: a typed parameter would make a bad
   * spec from another language fail inside Temporal's decoding, where the workflow cannot answer it
   * and is retried forever. As a tree, the workflow checks it and fails with every problem.
   */
  @WorkflowMethod(name = TYPE)
  JobResult run(JsonNode spec);

  @QueryMethod(name = "progress")
  JobProgress progress();

  /** A page of sub-jobs, optionally only those in {@code state} (null: all). */
  @QueryMethod(name = "tasks")
  TaskPage tasks(int offset, int limit, SubJobState state);
}
