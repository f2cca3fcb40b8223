package dev.fanout.app.bench;

import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.job.FunctionRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;

/**
 * Lambda no-ops (function {@code fanout-echo}) through Fanout against the endpoint driven directly
 * by a plain loop, with as many in flight either way.
 */
public final class LambdaBench {

  private static final String FUNCTION = "fanout-echo";

  private LambdaBench() {}

  /** The lambda pool's limits for {@code concurrency} invocations in flight. */
  public static LambdaExecutor.Limits limits(int concurrency) {
    return new LambdaExecutor.Limits(
        concurrency, concurrency, LambdaExecutor.Limits.DEFAULT.maxPayloadBytes());
  }

  /**
   * @param engine serving the lambda pool on {@code endpoint} with {@link #limits} of {@code
   *     concurrency}
   */
  public static List<BenchRow> rows(
      BenchEngine engine, URI endpoint, int invocations, int concurrency) throws Exception {
    FunctionRef echo =
        new FunctionRef("lambda", null, null, null, FUNCTION, null, null, null, null);
    try (LambdaAsyncClient lambda =
        LambdaExecutor.client(
            endpoint,
            Region.US_EAST_1,
            DefaultCredentialsProvider.builder().build(),
            limits(concurrency))) {
      BenchRow direct =
          BenchRow.baseline(
              "endpoint driven directly, " + concurrency + " in flight",
              invocations,
              concurrency,
              engine.best(() -> direct(lambda, invocations, concurrency)));
      double fanout = engine.bestRun(echo, invocations, concurrency, null).seconds();
      return List.of(
          direct,
          BenchRow.against(direct, "fanout, lambda no-op", invocations, concurrency, fanout));
    }
  }

  private static double direct(LambdaAsyncClient lambda, int invocations, int concurrency)
      throws Exception {
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<?>> calls = new ArrayList<>(invocations);
    long start = System.nanoTime();
    for (int i = 0; i < invocations; i++) {
      inFlight.acquire();
      calls.add(
          lambda
              .invoke(b -> b.functionName(FUNCTION).payload(SdkBytes.fromUtf8String("{}")))
              .whenComplete((r, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    return BenchEngine.secondsSince(start);
  }
}
