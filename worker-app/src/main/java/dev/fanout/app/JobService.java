package dev.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.JobSpec;
import dev.fanout.job.JobSpecParser;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import dev.fanout.workflow.ParallelJobWorkflow;
import dev.fanout.workflow.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/** What a user can do with jobs, over one Temporal client; the CLI (and the HTTP API) call it. */
public final class JobService {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final WorkflowClient client;

  public JobService(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Checks the spec here first, so a mistake is answered before anything starts; the workflow
   * checks it again for clients that start it directly.
   *
   * @param jobId the id to use, or null for a new one
   */
  public String submit(JsonNode spec, String jobId) {
    JobSpec parsed = JobSpecParser.parse(spec);
    String id = jobId != null ? jobId : newJobId(parsed.owner());
    ParallelJobWorkflow workflow =
        client.newWorkflowStub(
            ParallelJobWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .build());
    WorkflowClient.start(workflow::run, spec);
    return id;
  }

  public JobProgress progress(String jobId) {
    return workflow(jobId).progress();
  }

  public TaskPage tasks(String jobId, int offset, int limit, SubJobState state) {
    return workflow(jobId).tasks(offset, limit, state);
  }

  public void cancel(String jobId) {
    client.newUntypedWorkflowStub(jobId).cancel();
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

  private ParallelJobWorkflow workflow(String jobId) {
    return client.newWorkflowStub(ParallelJobWorkflow.class, jobId);
  }

  static String newJobId(String owner) {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return owner + "-" + HexFormat.of().formatHex(bytes);
  }
}
