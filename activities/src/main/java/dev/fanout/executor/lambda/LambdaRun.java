package dev.fanout.executor.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.executor.FairSlots;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.InvocationMetrics;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.job.ExecutorKind;
import dev.fanout.job.Json;
import dev.fanout.job.Resources;
import dev.fanout.jobdata.PayloadRef;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * One sub-job's invocation: waits for a place under the limits, invokes, retries throttles and
 * infrastructure errors with full-jitter backoff, and reads the response (or its reference).
 */
final class LambdaRun implements RunningInvocation {

  static final String PAYLOAD_REF = PayloadRef.FIELD;
  static final String OUTPUT_REF = "fanoutOutputRef";

  /** Lambda's ceiling; a function's own timeout is its resources.walltime. */
  private static final Duration MAX_FUNCTION_TIME = ExecutorKind.LAMBDA.maxRun();

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final LambdaAsyncClient lambda;
  private final BlobStore blobs;
  private final Invocation invocation;
  private final byte[] event;
  private final FairSlots perFunction;
  private final FairSlots account;
  private final TaskLog taskLog;
  private final InvocationMetrics metrics;
  private final String clientId = UUID.randomUUID().toString();
  private CompletableFuture<InvokeResponse> call;
  private FairSlots.Request functionPlace;
  private FairSlots.Request accountPlace;
  private int retries;
  private Instant retryAt = Instant.MIN;
  private String requestId;

  LambdaRun(
      LambdaAsyncClient lambda,
      BlobStore blobs,
      Invocation invocation,
      byte[] event,
      FairSlots perFunction,
      FairSlots account,
      TaskLog taskLog,
      InvocationMetrics metrics) {
    this.metrics = metrics;
    this.lambda = lambda;
    this.blobs = blobs;
    this.invocation = invocation;
    this.event = event;
    this.perFunction = perFunction;
    this.account = account;
    this.taskLog = taskLog;
  }

  @Override
  public synchronized String executorId() {
    return "lambda:"
        + invocation.function().function()
        + ":"
        + (requestId != null ? requestId : clientId);
  }

  @Override
  public Optional<JsonNode> awaitOutput(Duration maxWait) throws Exception {
    if (call == null) {
      Duration untilRetry = Duration.between(Instant.now(), retryAt);
      if (!untilRetry.isNegative()) {
        Thread.sleep(Math.min(untilRetry.toMillis(), maxWait.toMillis()));
        return Optional.empty();
      }
      if (!acquire(maxWait)) {
        return Optional.empty();
      }
      invoke();
    }
    InvokeResponse response;
    try {
      response = call.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      release();
      call = null;
      retryLater(e.getCause());
      return Optional.empty();
    }
    release();
    return Optional.of(read(response));
  }

  /**
   * A place under the function's ceiling, then under the account's, each in its turn by priority
   * and fair share; a place waited for keeps its turn across waits, and is given up by {@link
   * #release}.
   */
  private synchronized boolean acquire(Duration maxWait) throws InterruptedException {
    if (functionPlace == null) {
      functionPlace = perFunction.request(invocation.share(), 1);
    }
    if (!functionPlace.await(maxWait)) {
      return false;
    }
    if (accountPlace == null) {
      accountPlace = account.request(invocation.share(), 1);
    }
    return accountPlace.await(maxWait);
  }

  /** Frees both places, or leaves their queues; a retried call waits its turn again. */
  private synchronized void release() {
    if (accountPlace != null) {
      accountPlace.release();
      accountPlace = null;
    }
    if (functionPlace != null) {
      functionPlace.release();
      functionPlace = null;
    }
  }

  private void invoke() {
    Resources resources = invocation.function().resources();
    Duration functionTime =
        resources != null && resources.walltime() != null
            ? resources.walltime()
            : MAX_FUNCTION_TIME;
    call =
        lambda.invoke(
            b ->
                b.functionName(invocation.function().function())
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .logType(LogType.TAIL)
                    .payload(SdkBytes.fromByteArray(event))
                    .overrideConfiguration(
                        o -> o.apiCallTimeout(functionTime.plus(Duration.ofSeconds(30)))));
  }

  /** Throttles, 5xx and network trouble: the platform's, not the sub-job's; try again later. */
  private void retryLater(Throwable cause) throws InvocationException {
    String reason =
        LambdaOutcome.platformReason(cause)
            .orElseThrow(() -> LambdaOutcome.callFailure(cause, invocation.function().function()));
    metrics.platformRetry(reason);
    long ceiling =
        Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(retries, 16));
    long delay = ThreadLocalRandom.current().nextLong(ceiling + 1);
    retries++;
    retryAt = Instant.now().plusMillis(delay);
    taskLog.line(
        "retry "
            + retries
            + " in "
            + delay
            + " ms after "
            + cause.getClass().getSimpleName()
            + ": "
            + cause.getMessage());
  }

  private JsonNode read(InvokeResponse response) throws Exception {
    synchronized (this) {
      requestId = response.responseMetadata().requestId();
      if ("UNKNOWN".equals(requestId)) {
        requestId = null;
      }
    }
    if (response.logResult() != null) {
      String tail =
          new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
      tail.lines().forEach(line -> taskLog.line("log " + line));
    } else {
      taskLog.line("logs: CloudWatch log group /aws/lambda/" + invocation.function().function());
    }
    JsonNode payload =
        response.payload() == null || response.payload().asByteArray().length == 0
            ? Json.MAPPER.nullNode()
            : Json.MAPPER.readTree(response.payload().asByteArray());
    Optional<InvocationException> failure =
        LambdaOutcome.functionError(response.functionError(), payload);
    if (failure.isPresent()) {
      throw failure.get();
    }
    if (payload.hasNonNull(OUTPUT_REF)) {
      URI ref = URI.create(payload.get(OUTPUT_REF).asText());
      try (InputStream in = blobs.open(ref)) {
        return Json.MAPPER.readTree(in);
      }
    }
    return payload;
  }

  @Override
  public void cancel() {
    // A running Lambda cannot be stopped: stop waiting for it and free its place.
    if (call != null) {
      call.cancel(true);
    }
    release();
    taskLog.line("stopped waiting; a running Lambda cannot be killed and runs to its end");
  }
}
