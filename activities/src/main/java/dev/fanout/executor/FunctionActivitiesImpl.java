package dev.fanout.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import dev.fanout.blobs.BlobStore;
import dev.fanout.cache.FunctionIdentity;
import dev.fanout.cache.InvocationCache;
import dev.fanout.job.FailureType;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.MapperOutput;
import dev.fanout.jobdata.JobKeys;
import dev.fanout.jobdata.PayloadRef;
import dev.fanout.jobdata.SubJobPages;
import dev.fanout.logs.AttemptLines;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.CacheHit;
import dev.fanout.workflow.FailureDetails;
import dev.fanout.workflow.FunctionActivities;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.InvocationOutcome;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.Role;
import dev.fanout.workflow.Share;
import dev.fanout.workflow.job.MapperPlan;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The activity every pool serves, over that pool's {@link Executor}: starts or re-attaches to the
 * invocation, heartbeats its executor id while waiting, turns a cancel into a real stop, and
 * reports failures with the attempt, executor id and log reference.
 */
public final class FunctionActivitiesImpl implements FunctionActivities {

  private static final Logger log = LoggerFactory.getLogger(FunctionActivitiesImpl.class);

  /**
   * How often a waiting attempt wakes to heartbeat; Temporal throttles what it sends, so this
   * bounds only how soon a cancel is noticed after it arrives.
   */
  private static final Duration POLL = Duration.ofMillis(500);

  /**
   * A sub-job's output larger than this goes to the blob store, and only its URI to Temporal: a
   * page of a thousand sub-jobs must fit in one workflow history.
   */
  public static final int MAX_INLINE_OUTPUT_BYTES = 2 * 1024;

  private final Executor executor;
  private final LogStore logs;
  private final BlobStore blobs;
  private final InvocationMetrics metrics;
  private final FunctionIdentity identity;
  private final InvocationCache cache;

  /**
   * @param identity what {@code executor} runs for a function, as the results cache keys it
   */
  public FunctionActivitiesImpl(
      Executor executor,
      FunctionIdentity identity,
      LogStore logs,
      BlobStore blobs,
      InvocationMetrics metrics) {
    this.executor = executor;
    this.identity = identity;
    this.cache = new InvocationCache(blobs, identity);
    this.logs = logs;
    this.blobs = blobs;
    this.metrics = metrics;
  }

  @Override
  public InvocationOutcome invoke(Invocation invocation) {
    return attempt(invocation, this::outcome);
  }

  @Override
  public String identify(FunctionRef function) {
    try {
      return identity.of(function);
    } catch (Exception e) {
      throw ApplicationFailure.newFailureWithCause(
          "cannot tell what " + function.describe() + " runs: " + e.getMessage(),
          e.getClass().getSimpleName(),
          e);
    }
  }

  @Override
  public MapperPlan map(Invocation mapper, Paging paging) {
    return attempt(
        mapper,
        (output, attempt) -> {
          // A big mapper's output comes as a file, read as it is stored: it is never held whole.
          Optional<Path> spooled = SpooledOutput.of(output);
          try (MappingIterator<JsonNode> fromFile =
              spooled.isPresent() ? SpooledOutput.elements(spooled.get()) : null) {
            MapperPlan plan =
                SubJobPages.storeMapped(
                    blobs,
                    mapper.jobId(),
                    fromFile != null ? fromFile : MapperOutput.elements(output),
                    paging,
                    () -> Activity.getExecutionContext().heartbeat(attempt.executorId));
            // Kept once it made pages: an output that is no job's sub-jobs is never reused.
            cache.keepMapped(attempt.invocation, output, spooled);
            return plan;
          } catch (IllegalArgumentException | RuntimeJsonMappingException e) {
            throw new InvocationException(FailureType.INVALID_MAPPER_OUTPUT, e.getMessage(), null);
          } finally {
            if (spooled.isPresent()) {
              Files.deleteIfExists(spooled.get());
            }
          }
        });
  }

  /** What the workflow gets from a function's output. */
  @FunctionalInterface
  private interface OutputTaker<T> {
    T take(JsonNode output, Attempt attempt) throws Exception;
  }

  private <T> T attempt(Invocation invocation, OutputTaker<T> taker) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    int attempt = context.getInfo().getAttempt();
    try (var job = MDC.putCloseable("jobId", invocation.jobId());
        var task = MDC.putCloseable("task", invocation.logName());
        var att = MDC.putCloseable("attempt", String.valueOf(attempt))) {
      // Its place in this worker's queues, as Temporal's priority says: one source for both.
      Share share = Share.of(context.getInfo().getPriority());
      return attempt(invocation.withShare(share), attempt, context, taker);
    }
  }

  /** The output inline when small, else stored under the job and passed by reference. */
  private InvocationOutcome outcome(JsonNode output, Attempt attempt) throws IOException {
    Invocation invocation = attempt.invocation;
    byte[] bytes = Json.MAPPER.writeValueAsBytes(output);
    boolean inline = bytes.length <= MAX_INLINE_OUTPUT_BYTES || invocation.role() != Role.TASK;
    String ref =
        inline
            ? null
            : blobs.put(JobKeys.output(invocation.jobId(), invocation.logName()), bytes).toString();
    cache.keep(invocation, inline ? output : null, ref);
    return new InvocationOutcome(
        inline ? output : null,
        ref,
        attempt.number,
        attempt.startedAt,
        Instant.now(),
        attempt.executorId,
        attempt.logRef);
  }

  /** One attempt: when it started, where its log is, and the executor's id once known. */
  private static final class Attempt {
    Invocation invocation;
    final int number;
    final Instant startedAt = Instant.now();
    final String logRef;
    String executorId;
    boolean reused;

    Attempt(Invocation invocation, int number, String logRef) {
      this.invocation = invocation;
      this.number = number;
      this.logRef = logRef;
    }

    /** Its output is to be kept under {@code key}, when its pool computed one. */
    void keyed(String key) {
      if (key != null) {
        invocation = invocation.withCacheKey(key);
      }
    }

    FailureDetails details() {
      return new FailureDetails(number, startedAt, executorId, logRef);
    }
  }

  private <T> T attempt(
      Invocation invocation, int number, ActivityExecutionContext context, OutputTaker<T> taker) {
    Attempt attempt =
        new Attempt(invocation, number, logs.ref(invocation.jobId(), invocation.logName()));
    Instant scheduled =
        Instant.ofEpochMilli(context.getInfo().getCurrentAttemptScheduledTimestamp());
    metrics.started(
        invocation.role(), Duration.between(scheduled, attempt.startedAt), attempt.number);
    String outcome = "infrastructure";
    try {
      T result = run(invocation, attempt, context, taker);
      outcome = attempt.reused ? "cached" : "succeeded";
      return result;
    } catch (InvocationException e) {
      outcome = "failed";
      log.warn("attempt {} failed: {}: {}", number, e.type(), e.getMessage());
      throw e.retryable()
          ? ApplicationFailure.newFailureWithCause(
              e.getMessage(), e.type(), null, attempt.details())
          : ApplicationFailure.newNonRetryableFailureWithCause(
              e.getMessage(), e.type(), null, attempt.details());
    } catch (InfrastructureException e) {
      log.warn("attempt {} failed: {}: {}", number, e.type(), e.getMessage());
      throw ApplicationFailure.newFailureWithCause(
          e.getMessage(), e.type(), e.getCause(), attempt.details());
    } catch (ActivityCompletionException e) {
      outcome = "stopped";
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // Infrastructure trouble (I/O, the engine, the network): retried like any failure.
      log.warn("attempt {} failed: {}", number, e.toString());
      throw ApplicationFailure.newFailureWithCause(
          e.getClass().getSimpleName() + ": " + e.getMessage(),
          e.getClass().getSimpleName(),
          e,
          attempt.details());
    } finally {
      metrics.finished(
          invocation.role(), outcome, Duration.between(attempt.startedAt, Instant.now()));
    }
  }

  private <T> T run(
      Invocation invocation,
      Attempt attempt,
      ActivityExecutionContext context,
      OutputTaker<T> taker)
      throws Exception {
    try (TaskLog taskLog = logs.open(invocation.jobId(), invocation.logName())) {
      taskLog.line(AttemptLines.started(attempt.number, invocation.function().describe()));
      try {
        Invocation resolved = resolved(invocation, taskLog);
        String key = cache.keyOf(resolved);
        Optional<JsonNode> reused = reused(resolved, key, taskLog);
        JsonNode output;
        if (reused.isPresent()) {
          attempt.reused = true;
          output = reused.get();
        } else {
          attempt.keyed(key);
          RunningInvocation running = startOrReattach(resolved, attempt.number, taskLog, context);
          attempt.executorId = running.executorId();
          output = awaitOutput(running, context, taskLog);
        }
        T result = taker.take(output, attempt);
        taskLog.line(AttemptLines.SUCCEEDED);
        return result;
      } catch (ActivityCompletionException e) {
        // Stopped: said where it was noticed, or the worker is shutting down and the next attempt
        // takes over.
        throw e;
      } catch (Exception e) {
        taskLog.line(AttemptLines.failed(failureType(e), e.getMessage()));
        throw e;
      }
    }
  }

  /**
   * The output an earlier run of this mapper or reducer left under {@code key}, when the job
   * resumes: a reducer's as it was, a mapper's in a spooled file (as a big mapper's own output
   * comes), which the mapper's activity deletes once it has cut it into pages.
   */
  private Optional<JsonNode> reused(Invocation resolved, String key, TaskLog taskLog)
      throws IOException {
    Optional<CacheHit> hit = cache.reusable(resolved, key);
    if (hit.isEmpty()) {
      return Optional.empty();
    }
    JsonNode output = hit.get().output();
    if (hit.get().outputRef() != null) {
      Optional<Path> mapped = cache.mappedFile(hit.get());
      if (mapped.isEmpty()) {
        return Optional.empty(); // dropped meanwhile: run it
      }
      output = SpooledOutput.reference(mapped.get());
    }
    taskLog.line(
        "reused the output of job "
            + hit.get().origin().jobId()
            + "'s "
            + resolved.logName()
            + " from the results cache ("
            + key
            + "): nothing ran");
    return Optional.of(output);
  }

  private static String failureType(Exception e) {
    if (e instanceof InvocationException invocation) {
      return invocation.type();
    }
    return e instanceof InfrastructureException infrastructure
        ? infrastructure.type()
        : e.getClass().getSimpleName();
  }

  /** The invocation with an input that travelled by reference read back ({@link PayloadRef}). */
  private Invocation resolved(Invocation invocation, TaskLog taskLog)
      throws IOException, InvocationException {
    boolean task = invocation.role() == Role.TASK;
    String key =
        task
            ? JobKeys.params(invocation.jobId(), invocation.logName())
            : JobKeys.input(invocation.jobId());
    JsonNode input;
    try {
      input = PayloadRef.resolve(blobs, key, invocation.input());
    } catch (IllegalArgumentException e) {
      throw InvocationException.invalidInput((task ? "params." : "input.") + e.getMessage(), null);
    }
    if (input == invocation.input()) {
      return invocation;
    }
    taskLog.line((task ? "params" : "input") + " read from " + blobs.uri(key));
    return invocation.withInput(input);
  }

  private RunningInvocation startOrReattach(
      Invocation invocation, int attempt, TaskLog taskLog, ActivityExecutionContext context)
      throws Exception {
    Optional<String> previous = context.getHeartbeatDetails(String.class);
    if (previous.isPresent()) {
      Optional<RunningInvocation> adopted = executor.reattach(invocation, previous.get(), taskLog);
      if (adopted.isPresent()) {
        taskLog.line("re-attached to " + previous.get());
        return adopted.get();
      }
    }
    return executor.start(invocation, attempt, taskLog);
  }

  /**
   * Waits for the output, heartbeating the executor id between waits. When the executor can
   * re-attach, the first heartbeat goes out before any wait, so a retried attempt finds the
   * invocation at once; every heartbeat may bring a cancel, and each one stops the invocation for
   * real.
   */
  private JsonNode awaitOutput(
      RunningInvocation running, ActivityExecutionContext context, TaskLog taskLog)
      throws Exception {
    boolean beat = executor.reattaches();
    while (true) {
      if (beat) {
        try {
          context.heartbeat(running.executorId());
        } catch (ActivityWorkerShutdownException e) {
          // This worker is stopping, not the job: the next attempt re-attaches or cleans up.
          throw e;
        } catch (ActivityCompletionException e) {
          // Cancelled, timed out, or no longer known to the server: stop it for real.
          taskLog.line(AttemptLines.stopped(e.getClass().getSimpleName()));
          running.cancel();
          throw e;
        }
      }
      beat = true;
      Optional<JsonNode> output = running.awaitOutput(POLL);
      if (output.isPresent()) {
        return output.get();
      }
    }
  }
}
