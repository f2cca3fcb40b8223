package dev.fanout.executor;

import dev.fanout.job.FailureType;

/**
 * Trouble in what runs invocations rather than in the invocation: an engine that does not answer, a
 * scheduler that is down. Retried with the job's backoff; the type names the trouble.
 */
public class InfrastructureException extends Exception {

  private final String type;

  public InfrastructureException(FailureType type, String message, Throwable cause) {
    this(type.type(), message, cause);
  }

  private InfrastructureException(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  /** Trouble the platform named in its own words, such as Slurm's {@code NODE_FAIL}. */
  public static InfrastructureException named(String type, String message) {
    return new InfrastructureException(type, message, null);
  }

  public String type() {
    return type;
  }
}
