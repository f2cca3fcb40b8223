package dev.fanout.job;

/**
 * One problem in a job spec: the field's path (such as {@code task.resources.cpus}) and what was
 * expected.
 */
public record FieldError(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
