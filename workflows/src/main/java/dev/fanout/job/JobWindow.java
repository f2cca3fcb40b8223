package dev.fanout.job;

import java.time.Instant;

/**
 * The window and failure tolerance a job runs with now.
 *
 * @param changedAt when a {@code scale} last changed them; null if never
 */
public record JobWindow(int maxParallel, FailurePolicy failurePolicy, Instant changedAt) {

  /** One line: {@code maxParallel 20, tolerates toleratedFailures=3 (changed 2026-...)}. */
  public String describe() {
    return "maxParallel "
        + maxParallel
        + (failurePolicy == null ? "" : ", tolerates " + failurePolicy.describe())
        + (changedAt == null ? "" : " (changed " + changedAt + ")");
  }
}
