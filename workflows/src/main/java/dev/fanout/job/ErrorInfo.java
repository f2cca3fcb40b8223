package dev.fanout.job;

/** Why an invocation failed: a type to match on and a message for people. */
public record ErrorInfo(String type, String message) {

  public static ErrorInfo of(FailureType type, String message) {
    return new ErrorInfo(type.type(), message);
  }
}
