package dev.fanout.job;

import java.util.List;
import java.util.stream.Collectors;

/** A job spec with one or more problems; the message lists every one of them. */
public class InvalidJobSpecException extends RuntimeException {

  public static final String FAILURE_TYPE = "InvalidJobSpec";

  private final List<FieldError> errors;

  public InvalidJobSpecException(List<FieldError> errors) {
    super(
        "invalid job spec: "
            + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
