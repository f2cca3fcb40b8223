package dev.fanout.executor.java;

/**
 * What a handler throws when its input is at fault (a missing file, a bad parameter): the attempt
 * fails at once as {@code InvalidInput}, without the retries that would only be given the same
 * input again. Name the field or file in the message, as {@code "input.fasta: no such file"}.
 */
public class InvalidInputException extends RuntimeException {

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
