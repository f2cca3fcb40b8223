package dev.fanout.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.FailureDetails;
import dev.fanout.workflow.FunctionActivities;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.InvocationOutcome;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
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

  private final Executor executor;
  private final LogStore logs;
  private final InvocationMetrics metrics;

  public FunctionActivitiesImpl(Executor executor, LogStore logs, InvocationMetrics metrics) {
    this.executor = executor;
    this.logs = logs;
    this.metrics = metrics;
  }

  @Override
  public InvocationOutcome invoke(Invocation invocation) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    int attempt = context.getInfo().getAttempt();
    try (var job = MDC.putCloseable("jobId", invocation.jobId());
        var task = MDC.putCloseable("task", invocation.logName());
        var att = MDC.putCloseable("attempt", String.valueOf(attempt))) {
      return invoke(invocation, attempt, context);
    }
  }

  /** One attempt: when it started, where its log is, and the executor's id once known. */
  private static final class Attempt {
    final int number;
    final Instant startedAt = Instant.now();
    final String logRef;
    String executorId;

    Attempt(int number, String logRef) {
      this.number = number;
      this.logRef = logRef;
    }

    FailureDetails details() {
      return new FailureDetails(number, startedAt, executorId, logRef);
    }
  }

  private InvocationOutcome invoke(
      Invocation invocation, int number, ActivityExecutionContext context) {
    Attempt attempt = new Attempt(number, logs.ref(invocation.jobId(), invocation.logName()));
    Instant scheduled =
        Instant.ofEpochMilli(context.getInfo().getCurrentAttemptScheduledTimestamp());
    metrics.started(
        invocation.role(), Duration.between(scheduled, attempt.startedAt), attempt.number);
    String outcome = "infrastructure";
    try {
      InvocationOutcome result = run(invocation, attempt, context);
      outcome = "succeeded";
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

  private InvocationOutcome run(
      Invocation invocation, Attempt attempt, ActivityExecutionContext context) throws Exception {
    try (TaskLog taskLog = logs.open(invocation.jobId(), invocation.logName())) {
      taskLog.line("attempt " + attempt.number + " of " + invocation.function().describe());
      RunningInvocation running = startOrReattach(invocation, attempt.number, taskLog, context);
      attempt.executorId = running.executorId();
      JsonNode output = awaitOutput(running, context, taskLog);
      taskLog.line("succeeded");
      return new InvocationOutcome(
          output,
          attempt.number,
          attempt.startedAt,
          Instant.now(),
          attempt.executorId,
          attempt.logRef);
    }
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
   * Heartbeats the executor id, then waits a little, until the output comes. The first heartbeat
   * goes out before any wait, so a retried attempt can re-attach at once; every heartbeat may bring
   * a cancel, and each one stops the invocation for real.
   */
  private static JsonNode awaitOutput(
      RunningInvocation running, ActivityExecutionContext context, TaskLog taskLog)
      throws Exception {
    while (true) {
      try {
        context.heartbeat(running.executorId());
      } catch (ActivityWorkerShutdownException e) {
        // This worker is stopping, not the job: the next attempt re-attaches or cleans up.
        throw e;
      } catch (ActivityCompletionException e) {
        // Cancelled, timed out, or no longer known to the server: stop it for real.
        taskLog.line("stopped: " + e.getClass().getSimpleName());
        running.cancel();
        throw e;
      }
      Optional<JsonNode> output = running.awaitOutput(POLL);
      if (output.isPresent()) {
        return output.get();
      }
    }
  }
}
