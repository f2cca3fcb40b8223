package dev.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.FieldError;
import dev.fanout.job.InvalidJobSpecException;
import dev.fanout.job.JobSpec;
import dev.fanout.job.JobSpecParser;
import dev.fanout.job.Json;
import dev.fanout.job.SpecDocument;
import dev.fanout.jobdata.JobKeys;
import dev.fanout.jobdata.PayloadRef;
import dev.fanout.workflow.JobSearchAttributes;
import dev.fanout.workflow.TaskQueues;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import dev.fanout.workflow.owner.Admission;
import dev.fanout.workflow.owner.OwnerLimits;
import dev.fanout.workflow.owner.OwnerWorkflow;
import dev.fanout.workflow.owner.Submission;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a job's start reaches Temporal: its spec checked, given an id and a summary, and fitted to a
 * payload, then started directly or handed to the owner's ledger. {@link JobService} decides which.
 */
final class JobStarts {

  private static final Logger log = LoggerFactory.getLogger(JobStarts.class);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final WorkflowClient client;
  private final BlobStore blobs;
  private Boolean searchAttributesUsable;

  JobStarts(WorkflowClient client, BlobStore blobs) {
    this.client = client;
    this.blobs = blobs;
  }

  /**
   * Starts the job itself, outside any ledger. The spec is checked here first, so a mistake is
   * answered before anything starts; the workflow checks it again for clients that start it.
   *
   * @param jobId the id to use, or null for a new one
   */
  String direct(SpecDocument spec, String jobId) {
    JobSpec parsed = JobSpecParser.parse(spec);
    String id = jobId != null ? jobId : newJobId(parsed.owner());
    SpecDocument fitted = SpecDocument.of(fitted(spec.tree(), id));
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(TaskQueues.WORKFLOWS)
            .setStaticSummary(staticSummary(parsed));
    if (searchAttributesUsable()) {
      options.setTypedSearchAttributes(JobSearchAttributes.atStart(parsed.owner()));
    }
    WorkflowClient.start(
        client.newWorkflowStub(ParallelJobWorkflow.class, options.build())::run, fitted);
    journal(id, parsed.owner(), fitted.tree());
    return id;
  }

  /**
   * Hands the job to its owner's ledger, which starts it within {@code limits}, checked as by
   * {@link #direct}.
   *
   * @param jobId the id to use, or null for a new one
   * @param redriveOf the job it runs again the unsucceeded sub-jobs of, if any
   */
  Admission throughLedger(SpecDocument spec, String jobId, OwnerLimits limits, String redriveOf) {
    JobSpec parsed = JobSpecParser.parse(spec);
    String owner = parsed.owner();
    String id = jobId != null ? jobId : newJobId(owner);
    // The operator's weight for the owner, whatever the spec said: an owner cannot raise their own.
    ObjectNode weighted = ((ObjectNode) fitted(spec.tree(), id)).deepCopy();
    weighted.put("fairnessWeight", limits.weightOf(owner));
    Submission submission =
        new Submission(
            id,
            weighted,
            parsed.maxParallel(),
            limits,
            searchAttributesUsable(),
            staticSummary(parsed),
            redriveOf);
    OwnerWorkflow ledger = ledger(owner);
    Admission admission =
        WorkflowCalls.admission(client, "the ledger of " + owner, () -> ledger.submit(submission));
    if (admission.admitted()) {
      journal(id, owner, weighted);
    }
    return admission;
  }

  /** Keeps what was submitted, when this client has the store, for {@code fanout resume}. */
  private void journal(String jobId, String owner, JsonNode spec) {
    if (blobs == null) {
      return;
    }
    try {
      new JobJournal(blobs).record(jobId, owner, spec);
    } catch (IOException e) {
      log.warn(
          "job {} runs, but cannot be resumed: cannot write its journal: {}", jobId, e.toString());
    }
  }

  /** The spec the job was started with, from the first event of its history. */
  JsonNode startSpec(String jobId) {
    HistoryEvent started = client.fetchHistory(jobId).getEvents().get(0);
    return Json.DATA_CONVERTER.fromPayloads(
        0,
        Optional.of(started.getWorkflowExecutionStartedEventAttributes().getInput()),
        JsonNode.class,
        JsonNode.class);
  }

  /**
   * The spec as it may travel through Temporal: as it is, or, when it would make a payload over
   * {@link PayloadRef#MAX_PAYLOAD_BYTES}, with its input in the blob store and passed by reference.
   * Nothing else can be that large: the parser limits the functions.
   */
  private JsonNode fitted(JsonNode spec, String jobId) {
    int bytes = Json.size(spec);
    if (bytes <= PayloadRef.MAX_PAYLOAD_BYTES) {
      return spec;
    }
    if (blobs == null) {
      throw new InvalidJobSpecException(
          List.of(
              new FieldError(
                  "input",
                  "makes the spec "
                      + bytes
                      + " bytes as JSON, more than the "
                      + PayloadRef.MAX_PAYLOAD_BYTES
                      + " a Temporal payload may take, and this client has no blob store to pass"
                      + " it by reference")));
    }
    ObjectNode fitted = spec.deepCopy();
    try {
      fitted.set("input", PayloadRef.store(blobs, JobKeys.input(jobId), spec.path("input")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the input of " + jobId + " in " + blobs, e);
    }
    return fitted;
  }

  /** The owner's ledger, started on first use; it runs for as long as the namespace keeps it. */
  private OwnerWorkflow ledger(String owner) {
    OwnerWorkflow ledger =
        client.newWorkflowStub(
            OwnerWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(OwnerWorkflow.id(owner))
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setStaticSummary("Fanout jobs and limits of " + owner)
                .build());
    try {
      WorkflowClient.start(ledger::run, List.of());
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Running already: the usual case.
    }
    return client.newWorkflowStub(OwnerWorkflow.class, OwnerWorkflow.id(owner));
  }

  /** Asked once per service: the answer changes only when an operator runs `fanout setup`. */
  private synchronized boolean searchAttributesUsable() {
    if (searchAttributesUsable == null) {
      searchAttributesUsable =
          SearchAttributeSetup.usable(
              client.getWorkflowServiceStubs(), client.getOptions().getNamespace());
    }
    return searchAttributesUsable;
  }

  /** The line the Temporal UI shows for the job. */
  private static String staticSummary(JobSpec spec) {
    return spec.owner()
        + ": "
        + spec.task().describe()
        + " sub-jobs mapped by "
        + spec.mapper().describe()
        + (spec.reducer() != null ? ", reduced by " + spec.reducer().describe() : "")
        + ", maxParallel "
        + spec.maxParallel();
  }

  static String newJobId(String owner) {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return owner + "-" + HexFormat.of().formatHex(bytes);
  }
}
