package dev.fanout.executor;

/**
 * An invocation's own failure, as opposed to trouble in the infrastructure: a handler that threw, a
 * non-zero exit, a Lambda function error. Follows the job's retry policy, unless it is a bad
 * function reference or an input the function refused, which no retry can mend.
 */
public class InvocationException extends Exception {

  private final String type;
  private final boolean retryable;

  public InvocationException(String type, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.type = type;
    this.retryable = retryable;
  }

  public static InvocationException failed(String type, String message, Throwable cause) {
    return new InvocationException(type, message, true, cause);
  }

  /** The function refused its input; a retry would be given the same. */
  public static InvocationException invalidInput(String message, Throwable cause) {
    return new InvocationException(
        dev.fanout.workflow.FunctionActivities.INVALID_INPUT, message, false, cause);
  }

  /** The function reference names something this executor cannot run; {@code field} says what. */
  public static InvocationException badFunction(String field, String message) {
    return new InvocationException(
        dev.fanout.workflow.FunctionActivities.BAD_FUNCTION, field + ": " + message, false, null);
  }

  public String type() {
    return type;
  }

  public boolean retryable() {
    return retryable;
  }
}
