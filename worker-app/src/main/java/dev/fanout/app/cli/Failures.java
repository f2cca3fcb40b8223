package dev.fanout.app.cli;

import dev.fanout.app.JobConflictException;
import dev.fanout.app.JobNotAnsweringException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import java.util.concurrent.CompletionException;

/** One place that turns any exception into the one line a user sees and the exit code. */
final class Failures {

  record Verdict(int exitCode, String message) {}

  private Failures() {}

  static Verdict judge(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof UserInputException
        || t instanceof dev.fanout.job.InvalidJobSpecException
        || t instanceof JobConflictException) {
      return new Verdict(BaseCommand.EXIT_INVALID_INPUT, t.getMessage());
    }
    if (t instanceof UnavailableException || t instanceof JobNotAnsweringException) {
      return new Verdict(BaseCommand.EXIT_UNAVAILABLE, t.getMessage());
    }
    if (t instanceof WorkflowNotFoundException nf) {
      return new Verdict(
          BaseCommand.EXIT_INVALID_INPUT,
          "no job '"
              + nf.getExecution().getWorkflowId()
              + "' on this Temporal server and namespace");
    }
    if (t instanceof WorkflowFailedException wf) {
      String id = wf.getExecution().getWorkflowId();
      if (wf.getCause() instanceof CanceledFailure) {
        return new Verdict(BaseCommand.EXIT_JOB_FAILED, "job " + id + " was cancelled");
      }
      return new Verdict(
          BaseCommand.EXIT_JOB_FAILED, "job " + id + " failed: " + describe(wf.getCause()));
    }
    if (t instanceof StatusRuntimeException s
        && s.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      return new Verdict(
          BaseCommand.EXIT_UNAVAILABLE, "Temporal is unavailable: " + s.getMessage());
    }
    return new Verdict(BaseCommand.EXIT_INTERNAL_ERROR, t.toString());
  }

  /** The type and message of a Temporal failure, without the SDK's wrapping. */
  static String describe(Throwable failure) {
    if (failure instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    if (failure instanceof TemporalFailure tf) {
      return tf.getOriginalMessage()
          + (tf.getCause() != null ? " (" + describe(tf.getCause()) + ")" : "");
    }
    return String.valueOf(failure);
  }
}
