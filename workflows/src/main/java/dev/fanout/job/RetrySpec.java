package dev.fanout.job;

import java.time.Duration;

/** How a failed invocation is retried: exponential backoff from {@code initialInterval}. */
public record RetrySpec(
    Integer maxAttempts, Duration initialInterval, Double backoff, Duration maxInterval) {

  public static final RetrySpec DEFAULT =
      new RetrySpec(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10));

  RetrySpec withDefaults() {
    return new RetrySpec(
        maxAttempts != null ? maxAttempts : DEFAULT.maxAttempts,
        initialInterval != null ? initialInterval : DEFAULT.initialInterval,
        backoff != null ? backoff : DEFAULT.backoff,
        maxInterval != null ? maxInterval : DEFAULT.maxInterval);
  }
}
