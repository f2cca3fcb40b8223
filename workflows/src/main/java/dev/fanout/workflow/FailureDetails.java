package dev.fanout.workflow;

import java.time.Instant;

/**
 * What a failed invocation tells the workflow besides its message; it travels as the details of the
 * activity's {@code ApplicationFailure}.
 */
public record FailureDetails(int attempt, Instant startedAt, String executorId, String logRef) {}
