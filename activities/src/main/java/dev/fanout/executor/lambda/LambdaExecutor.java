package dev.fanout.executor.lambda;

import dev.fanout.blobs.BlobStore;
import dev.fanout.executor.Executor;
import dev.fanout.executor.FairSlots;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.InvocationMetrics;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.job.Json;
import dev.fanout.jobdata.JobKeys;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClientBuilder;

/**
 * Invokes AWS Lambda functions synchronously (RequestResponse): the sub-job's params are the event,
 * the response is the output. Thousands may be in flight on a few threads (the async client). No
 * more than {@link Limits#perFunction} run at once per function, nor {@link Limits#perAccount} in
 * all, across every job this worker serves: over the account's quota, AWS would throttle other
 * users of the account too; invocations waiting for a place are served by priority and fair share
 * ({@link FairSlots}). Throttles, 5xx and network errors are retried here with backoff and jitter,
 * and do not count as the sub-job's attempts.
 */
public final class LambdaExecutor implements Executor, AutoCloseable {

  /**
   * @param perFunction invocations of one function in flight at once; keep it below the function's
   *     reserved concurrency
   * @param perAccount invocations in flight at once in all
   * @param maxPayloadBytes larger events and responses travel through the blob store by reference
   *     (Lambda's synchronous limit is 6 MB)
   */
  public record Limits(int perFunction, int perAccount, int maxPayloadBytes) {
    public static final Limits DEFAULT = new Limits(100, 900, 6 * 1000 * 1000 - 64 * 1024);
  }

  private final Supplier<LambdaAsyncClient> clientFactory;
  private LambdaAsyncClient lambda;
  private final BlobStore blobs;
  private final InvocationInput input;
  private final Limits limits;
  private final FairSlots account;
  private final InvocationMetrics metrics;
  private final ConcurrentMap<String, FairSlots> functions = new ConcurrentHashMap<>();

  /**
   * @param client makes the client on the first invocation, so a worker that serves the pool but
   *     gets no Lambda work starts no event loop
   */
  public LambdaExecutor(
      Supplier<LambdaAsyncClient> client,
      BlobStore blobs,
      Limits limits,
      InvocationMetrics metrics) {
    this.clientFactory = client;
    this.metrics = metrics;
    this.blobs = blobs;
    this.input = new InvocationInput(blobs);
    this.limits = limits;
    this.account = new FairSlots(limits.perAccount());
  }

  /**
   * A client for AWS (endpoint null; region from the environment) or a Lambda-compatible endpoint.
   * The SDK's own retries are off: {@link LambdaRun} retries, and counts, itself.
   */
  public static LambdaAsyncClient client(
      URI endpoint, Region region, AwsCredentialsProvider credentials, Limits limits) {
    LambdaAsyncClientBuilder builder =
        LambdaAsyncClient.builder()
            .credentialsProvider(credentials)
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .maxConcurrency(limits.perAccount() + 16)
                    .readTimeout(Duration.ofMinutes(16)))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(DefaultRetryStrategy.doNotRetry())
                    .build());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    if (region != null) {
      builder.region(region);
    }
    return builder.build();
  }

  @Override
  public RunningInvocation start(Invocation invocation, int attempt, TaskLog taskLog)
      throws IOException {
    String function = invocation.function().function();
    ByteArrayOutputStream eventBytes = new ByteArrayOutputStream();
    input.write(invocation, eventBytes);
    byte[] event = eventBytes.toByteArray();
    if (event.length > limits.maxPayloadBytes()) {
      URI ref =
          blobs.put(JobKeys.payload(invocation.jobId(), invocation.logName(), attempt), event);
      taskLog.line("event of " + event.length + " bytes sent by reference: " + ref);
      event =
          Json.MAPPER.writeValueAsBytes(
              Json.MAPPER.createObjectNode().put(LambdaRun.PAYLOAD_REF, ref.toString()));
    }
    FairSlots perFunction =
        functions.computeIfAbsent(function, f -> new FairSlots(limits.perFunction()));
    return new LambdaRun(
        client(), blobs, invocation, event, perFunction, account, taskLog, metrics);
  }

  synchronized LambdaAsyncClient client() {
    if (lambda == null) {
      lambda = clientFactory.get();
    }
    return lambda;
  }

  @Override
  public synchronized void close() {
    if (lambda != null) {
      lambda.close();
    }
  }
}
