package dev.fanout.app.cli;

/** The user asked for something that cannot be: a missing file, an unknown job, a bad option. */
public class UserInputException extends RuntimeException {
  public UserInputException(String message) {
    super(message);
  }
}
