package dev.fanout.workflow.owner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job the API asks an owner's ledger to admit and start.
 *
 * @param spec the job spec, already checked by the caller
 * @param requestedParallel the spec's maxParallel
 * @param searchAttributes whether the namespace has Fanout's search attributes to start it with
 * @param summary the job's static summary for the Temporal UI
 * @param redriveOf the job whose unsucceeded sub-jobs this one runs again, if it is a redrive
 */
public record Submission(
    String jobId,
    JsonNode spec,
    int requestedParallel,
    OwnerLimits limits,
    boolean searchAttributes,
    String summary,
    String redriveOf) {}
