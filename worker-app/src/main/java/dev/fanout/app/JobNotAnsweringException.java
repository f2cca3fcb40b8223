package dev.fanout.app;

import java.time.Duration;

/**
 * A job (or one of its pages) did not answer a query in time: queries are answered by a workflow
 * worker, and none took this one.
 */
public final class JobNotAnsweringException extends RuntimeException {

  JobNotAnsweringException(String jobId, Duration waited, Throwable cause) {
    super(
        "job "
            + jobId
            + " did not answer within "
            + seconds(waited)
            + " s: is a workflow worker running?",
        cause);
  }

  private static String seconds(Duration waited) {
    return waited.toMillis() % 1000 == 0
        ? String.valueOf(waited.toSeconds())
        : String.valueOf(waited.toMillis() / 1000.0);
  }
}
