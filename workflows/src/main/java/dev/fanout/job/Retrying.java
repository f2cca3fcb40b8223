package dev.fanout.job;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A job's mapper or reducer while it is retried after failed attempts.
 *
 * @param part {@code mapper} or {@code reducer}
 * @param attempt the attempt now under way or waiting out its backoff; the ones before it failed
 * @param maxAttempts the most it may make (0: no limit)
 * @param lastFailure how the attempt before it failed, {@code Type: message}
 */
public record Retrying(String part, int attempt, int maxAttempts, String lastFailure) {

  /** What a summary line adds for these: {@code "; " + each}, or nothing. */
  public static String notes(List<Retrying> retrying) {
    return retrying == null
        ? ""
        : retrying.stream().map(r -> "; " + r).collect(Collectors.joining());
  }

  /**
   * {@code mapper failed 2 of 3 attempts, retrying; last: IOException: disk full}, on one line: a
   * failure that quotes its output is cut to its first line, and ends with "...".
   */
  @Override
  public String toString() {
    int newline = lastFailure.indexOf('\n');
    return part
        + " failed "
        + (attempt - 1)
        + (maxAttempts > 0 ? " of " + maxAttempts : "")
        + " attempts, retrying; last: "
        + (newline < 0 ? lastFailure : lastFailure.substring(0, newline).strip() + " ...");
  }
}
