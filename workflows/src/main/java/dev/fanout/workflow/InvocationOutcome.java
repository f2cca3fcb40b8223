package dev.fanout.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** What a successful invocation returns to the workflow. */
public record InvocationOutcome(
    JsonNode output,
    int attempt,
    Instant startedAt,
    Instant endedAt,
    String executorId,
    String logRef) {}
