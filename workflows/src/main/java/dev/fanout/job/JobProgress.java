package dev.fanout.job;

import java.time.Instant;

/**
 * The answer to the {@code progress} query.
 *
 * @param maxParallel the window in force, after the server's ceiling
 * @param summary one line for people, also shown as the workflow's current details in the Temporal
 *     UI
 */
public record JobProgress(
    String jobId,
    String owner,
    JobPhase phase,
    int total,
    StateCounts counts,
    int maxParallel,
    Instant startedAt,
    Instant updatedAt,
    String summary) {}
