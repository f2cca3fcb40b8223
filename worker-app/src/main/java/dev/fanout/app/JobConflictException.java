package dev.fanout.app;

/**
 * What a job's phase does not allow now: cancelling a job that has ended, redriving one that has
 * not, or one with nothing to run again. The API answers it with 409, the CLI as bad input.
 */
public final class JobConflictException extends IllegalStateException {

  public JobConflictException(String message) {
    super(message);
  }
}
