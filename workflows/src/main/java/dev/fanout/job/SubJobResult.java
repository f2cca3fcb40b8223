package dev.fanout.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One sub-job as the user sees it: its parameters, where it is, and what came of it.
 *
 * @param output the function's output when small; null when it is in the blob store
 * @param outputRef where an output too large to travel through Temporal was stored, else null
 * @param attempts how many attempts ran; 0 while unknown (not started, or still running)
 * @param executorId the executor's own id of the last attempt (container id, Slurm job id, Lambda
 *     request id, worker thread)
 * @param logRef where the sub-job's log is, for {@code fanout logs JOB --task INDEX}
 * @param cachedFrom for a {@link SubJobState#CACHED} sub-job, the run whose output it reused; else
 *     null
 */
public record SubJobResult(
    int index,
    String key,
    SubJobState state,
    JsonNode params,
    JsonNode output,
    String outputRef,
    ErrorInfo error,
    int attempts,
    Instant startedAt,
    Instant endedAt,
    String executorId,
    String logRef,
    CacheOrigin cachedFrom) {

  /** A result that reused no earlier run's output. */
  public SubJobResult(
      int index,
      String key,
      SubJobState state,
      JsonNode params,
      JsonNode output,
      String outputRef,
      ErrorInfo error,
      int attempts,
      Instant startedAt,
      Instant endedAt,
      String executorId,
      String logRef) {
    this(
        index,
        key,
        state,
        params,
        output,
        outputRef,
        error,
        attempts,
        startedAt,
        endedAt,
        executorId,
        logRef,
        null);
  }

  public static SubJobResult pending(int index, SubJobSpec spec) {
    return new SubJobResult(
        index,
        spec.key(),
        SubJobState.PENDING,
        spec.params(),
        null,
        null,
        null,
        0,
        null,
        null,
        null,
        null);
  }

  /** This sub-job launched at {@code now}, or (when {@code state} is SKIPPED) passed over. */
  public SubJobResult moved(SubJobState state, Instant now) {
    return new SubJobResult(
        index,
        key,
        state,
        params,
        null,
        null,
        null,
        0,
        state == SubJobState.RUNNING ? now : null,
        state == SubJobState.RUNNING ? null : now,
        null,
        null);
  }

  /** This result with its output in hand, as read back from the blob store. */
  public SubJobResult withOutput(JsonNode value) {
    return new SubJobResult(
        index,
        key,
        state,
        params,
        value,
        outputRef,
        error,
        attempts,
        startedAt,
        endedAt,
        executorId,
        logRef,
        cachedFrom);
  }
}
