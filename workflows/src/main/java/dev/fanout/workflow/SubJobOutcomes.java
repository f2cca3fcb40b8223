package dev.fanout.workflow;

import dev.fanout.job.ErrorInfo;
import dev.fanout.job.FailureType;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Instant;

/** Turns what an activity returned, or how it failed, into the sub-job's final result. */
public final class SubJobOutcomes {

  private SubJobOutcomes() {}

  public static SubJobResult succeeded(int index, SubJobSpec spec, InvocationOutcome o) {
    return new SubJobResult(
        index,
        spec.key(),
        SubJobState.SUCCEEDED,
        spec.params(),
        o.output(),
        o.outputRef(),
        null,
        o.attempt(),
        o.startedAt(),
        o.endedAt(),
        o.executorId(),
        o.logRef());
  }

  /** Sub-job {@code index}'s result as its call ended: its outcome, else its failure. */
  public static SubJobResult of(
      int index,
      SubJobSpec spec,
      Instant launchedAt,
      InvocationOutcome outcome,
      Throwable failure,
      Instant now) {
    return failure == null
        ? succeeded(index, spec, outcome)
        : failed(index, spec, launchedAt, failure, now);
  }

  public static SubJobResult failed(
      int index, SubJobSpec spec, Instant launchedAt, Throwable failure, Instant now) {
    Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
    boolean cancelled = cause instanceof CanceledFailure;
    FailureDetails details = details(cause);
    return new SubJobResult(
        index,
        spec.key(),
        cancelled ? SubJobState.CANCELLED : SubJobState.FAILED,
        spec.params(),
        null,
        null,
        error(cause),
        details == null ? 0 : details.attempt(),
        details == null || details.startedAt() == null ? launchedAt : details.startedAt(),
        now,
        details == null ? null : details.executorId(),
        details == null ? null : details.logRef());
  }

  /** The type and message a person should see; Temporal's wrapping is peeled off. */
  public static ErrorInfo error(Throwable cause) {
    if (cause instanceof ApplicationFailure app) {
      return new ErrorInfo(app.getType(), app.getOriginalMessage());
    }
    if (cause instanceof TimeoutFailure timeout) {
      return ErrorInfo.of(FailureType.TIMEOUT, "timed out (" + timeout.getTimeoutType() + ")");
    }
    if (cause instanceof CanceledFailure) {
      return ErrorInfo.of(FailureType.CANCELLED, "cancelled");
    }
    if (cause instanceof TemporalFailure tf) {
      return new ErrorInfo(cause.getClass().getSimpleName(), tf.getOriginalMessage());
    }
    return new ErrorInfo(cause.getClass().getSimpleName(), cause.getMessage());
  }

  private static FailureDetails details(Throwable cause) {
    if (cause instanceof ApplicationFailure app && app.getDetails().getSize() > 0) {
      return app.getDetails().get(FailureDetails.class);
    }
    return null;
  }
}
