package dev.fanout.app.cli;

/** Temporal, or another service a command needs, cannot be reached. */
public class UnavailableException extends RuntimeException {
  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
