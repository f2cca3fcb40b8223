package dev.fanout.executor.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.executor.InvocationException;
import dev.fanout.job.FailureType;
import dev.fanout.job.Json;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** Lambda's table, on answers a real Invoke API gave (resources/lambda). */
class LambdaOutcomeTest {

  private static JsonNode captured(String name) throws IOException {
    try (InputStream in = LambdaOutcomeTest.class.getResourceAsStream("/lambda/" + name)) {
      return Json.MAPPER.readTree(in);
    }
  }

  @Test
  void aFlaggedResponseFailsUnderTheTypeTheFunctionNamed() throws IOException {
    InvocationException failure =
        LambdaOutcome.functionError("Unhandled", captured("function-error.json")).orElseThrow();
    assertThat(failure.type()).isEqualTo("Error");
    assertThat(failure.getMessage()).isEqualTo("sample s7 has no reads");
    assertThat(failure.retryable()).isTrue();
  }

  @Test
  void aFunctionPastItsTimeoutIsAFunctionErrorToo() throws IOException {
    InvocationException failure =
        LambdaOutcome.functionError("Unhandled", captured("function-timeout.json")).orElseThrow();
    assertThat(failure.type()).isEqualTo("Error");
    assertThat(failure.getMessage()).isEqualTo("[504] - Lambda timeout.");
  }

  @Test
  void aFlaggedResponseWithoutAnErrorTypeIsAFunctionError() {
    JsonNode payload = Json.MAPPER.getNodeFactory().textNode("boom");
    InvocationException failure = LambdaOutcome.functionError("Handled", payload).orElseThrow();
    assertThat(failure.type()).isEqualTo(FailureType.FUNCTION_ERROR.type());
    assertThat(failure.getMessage()).isEqualTo("\"boom\"");
  }

  @Test
  void anUnflaggedResponseIsTheOutput() throws IOException {
    assertThat(LambdaOutcome.functionError(null, captured("function-error.json"))).isEmpty();
  }

  @Test
  void throttlesServerErrorsAndTheNetworkAreThePlatformsToRetry() {
    assertThat(
            LambdaOutcome.platformReason(
                TooManyRequestsException.builder().statusCode(429).message("Rate").build()))
        .contains("throttled");
    assertThat(LambdaOutcome.platformReason(LambdaException.builder().statusCode(502).build()))
        .contains("server_error");
    assertThat(LambdaOutcome.platformReason(SdkClientException.create("connection reset")))
        .contains("network");
  }

  @Test
  void aMissingFunctionIsABadReferenceNotARetry() {
    ResourceNotFoundException notFound =
        ResourceNotFoundException.builder()
            .statusCode(404)
            .message("Function not found: fanout-nope")
            .build();
    assertThat(LambdaOutcome.platformReason(notFound)).isEmpty();
    InvocationException failure = LambdaOutcome.callFailure(notFound, "fanout-nope");
    assertThat(failure.type()).isEqualTo(FailureType.BAD_FUNCTION.type());
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).isEqualTo("function: no Lambda function 'fanout-nope'");
  }

  @Test
  void anotherRefusedCallFailsUnderItsExceptionsName() {
    LambdaException refused =
        (LambdaException) LambdaException.builder().statusCode(400).message("bad").build();
    assertThat(LambdaOutcome.platformReason(refused)).isEmpty();
    assertThat(LambdaOutcome.callFailure(refused, "f").type()).isEqualTo("LambdaException");
  }
}
