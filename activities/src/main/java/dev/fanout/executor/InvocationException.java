package dev.fanout.executor;

import dev.fanout.job.FailureType;

/**
 * An invocation's own failure, as opposed to trouble in the infrastructure: a handler that threw, a
 * non-zero exit, a Lambda function error. Follows the job's retry policy, unless its type says no
 * retry can mend it ({@link FailureType#retried()}): a bad function reference, a refused input.
 */
public class InvocationException extends Exception {

  private final String type;
  private final boolean retryable;

  public InvocationException(FailureType type, String message, Throwable cause) {
    this(type.type(), message, type.retried(), cause);
  }

  private InvocationException(String type, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.type = type;
    this.retryable = retryable;
  }

  /**
   * A failure the function named itself, such as a handler's exception class or a Lambda's {@code
   * errorType}: that name is its type, and it is retried.
   */
  public static InvocationException named(String type, String message, Throwable cause) {
    return new InvocationException(type, message, true, cause);
  }

  /** The function refused its input; a retry would be given the same. */
  public static InvocationException invalidInput(String message, Throwable cause) {
    return new InvocationException(FailureType.INVALID_INPUT, message, cause);
  }

  /** The function reference names something this executor cannot run; {@code field} says what. */
  public static InvocationException badFunction(String field, String message) {
    return new InvocationException(FailureType.BAD_FUNCTION, field + ": " + message, null);
  }

  public String type() {
    return type;
  }

  public boolean retryable() {
    return retryable;
  }
}
