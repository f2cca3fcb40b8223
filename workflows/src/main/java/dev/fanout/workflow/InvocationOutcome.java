package dev.fanout.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What a successful invocation returns to the workflow.
 *
 * @param output the function's output, or null when it was too large and went to {@code outputRef}
 * @param outputRef the blob store's URI of a large output, else null
 */
public record InvocationOutcome(
    JsonNode output,
    String outputRef,
    int attempt,
    Instant startedAt,
    Instant endedAt,
    String executorId,
    String logRef) {}
