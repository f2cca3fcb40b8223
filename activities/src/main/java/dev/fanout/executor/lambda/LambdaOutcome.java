package dev.fanout.executor.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.executor.InvocationException;
import dev.fanout.job.FailureType;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Lambda's one table: what its answers mean to Fanout. A call the platform turned away is retried
 * after a backoff; a function it does not have is a bad reference; a response flagged {@code
 * X-Amz-Function-Error} is the sub-job's failure, under the type the function named.
 */
final class LambdaOutcome {

  private LambdaOutcome() {}

  /** Why the platform, not the sub-job, turned the call away; empty if it did not. */
  static Optional<String> platformReason(Throwable cause) {
    if (cause instanceof SdkServiceException s) {
      if (s.isThrottlingException() || s.statusCode() == 429) {
        return Optional.of("throttled");
      }
      return s.statusCode() >= 500 ? Optional.of("server_error") : Optional.empty();
    }
    return cause instanceof SdkClientException ? Optional.of("network") : Optional.empty();
  }

  /** A failed call that is not the platform's to retry: the sub-job's failure. */
  static InvocationException callFailure(Throwable cause, String function) {
    if (cause instanceof ResourceNotFoundException) {
      return InvocationException.badFunction("function", "no Lambda function '" + function + "'");
    }
    return InvocationException.named(
        cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()), cause);
  }

  /**
   * The failure a response carries when Lambda flagged it ({@code functionError} non-null): the
   * payload's {@code errorType} and {@code errorMessage}, as the runtimes write them.
   */
  static Optional<InvocationException> functionError(String functionError, JsonNode payload) {
    if (functionError == null) {
      return Optional.empty();
    }
    return Optional.of(
        InvocationException.named(
            payload.path("errorType").asText(FailureType.FUNCTION_ERROR.type()),
            payload.path("errorMessage").asText(payload.toString()),
            null));
  }
}
