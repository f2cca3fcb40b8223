package dev.fanout.job;

import java.time.Duration;
import java.util.List;

/** The checks of one value that the spec's and a function's rules share. */
final class FieldChecks {

  private FieldChecks() {}

  static void range(String field, int value, int min, int max, List<FieldError> errors) {
    if (value < min || value > max) {
      errors.add(
          new FieldError(field, "must be between " + min + " and " + max + ", was " + value));
    }
  }

  static void positive(String field, Duration value, List<FieldError> errors) {
    if (value != null && (value.isNegative() || value.isZero())) {
      errors.add(new FieldError(field, "must be a positive duration, was " + value));
    }
  }
}
