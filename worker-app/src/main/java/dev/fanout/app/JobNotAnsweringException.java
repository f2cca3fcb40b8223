package dev.fanout.app;

import java.time.Duration;

/**
 * A job (or one of its pages, or an owner's ledger) did not answer a query or update in time: these
 * are answered by a workflow worker, and none took this one.
 */
public final class JobNotAnsweringException extends RuntimeException {

  /**
   * @param who the workflow as a user knows it: "job ID", "the ledger of OWNER"
   */
  JobNotAnsweringException(String who, Duration waited, Throwable cause) {
    super(
        who + " did not answer within " + seconds(waited) + " s: is a workflow worker running?",
        cause);
  }

  private static String seconds(Duration waited) {
    return waited.toMillis() % 1000 == 0
        ? String.valueOf(waited.toSeconds())
        : String.valueOf(waited.toMillis() / 1000.0);
  }
}
