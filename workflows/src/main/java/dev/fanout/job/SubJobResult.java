package dev.fanout.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One sub-job as the user sees it: its parameters, where it is, and what came of it.
 *
 * @param attempts how many attempts ran; 0 while unknown (not started, or still running)
 * @param executorId the executor's own id of the last attempt (container id, Slurm job id, Lambda
 *     request id, worker thread)
 * @param logRef where the sub-job's log is, for {@code fanout logs JOB --task INDEX}
 */
public record SubJobResult(
    int index,
    String key,
    SubJobState state,
    JsonNode params,
    JsonNode output,
    ErrorInfo error,
    int attempts,
    Instant startedAt,
    Instant endedAt,
    String executorId,
    String logRef) {}
