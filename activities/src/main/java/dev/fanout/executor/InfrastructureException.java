package dev.fanout.executor;

/**
 * Trouble in what runs invocations rather than in the invocation: an engine that does not answer, a
 * scheduler that is down. Retried with the job's backoff; the type names the trouble.
 */
public class InfrastructureException extends Exception {

  private final String type;

  public InfrastructureException(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  public String type() {
    return type;
  }
}
