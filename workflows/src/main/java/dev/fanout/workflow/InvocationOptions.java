package dev.fanout.workflow;

import dev.fanout.job.ExecutorKind;
import dev.fanout.job.FailureType;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobSpec;
import dev.fanout.job.RetrySpec;
import dev.fanout.workflow.page.PageRequest;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** The one place activity options are made, from the function's pool and the job's policies. */
public final class InvocationOptions {

  /**
   * Heartbeats carry the executor's id (so a retried attempt re-attaches) and are how a cancel
   * reaches a running invocation; a worker silent this long is presumed dead and the attempt is
   * retried on another. Short enough that a cancel lands within seconds, long enough that a busy
   * 2-core machine does not miss one.
   */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private InvocationOptions() {}

  /** The job's task timeout, under the executor's own rule ({@link ExecutorKind#timeout}). */
  static Duration timeout(FunctionRef function, JobSpec spec) {
    return ExecutorKind.named(function.executor())
        .map(kind -> kind.timeout(function, spec.taskTimeout()))
        .orElse(spec.taskTimeout());
  }

  /**
   * @param abandonOnCancel let a cancel end the wait at once instead of asking the server to cancel
   *     the invocation (only for pages started so: {@link PageRequest#abandonOnCancel()})
   */
  public static ActivityOptions forFunction(
      FunctionRef function, JobSpec spec, String summary, boolean abandonOnCancel) {
    RetrySpec retry = spec.retry();
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.forExecutor(function.executor()))
        .setStartToCloseTimeout(timeout(function, spec))
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        // The job ends only once every invocation has really stopped: no sub-job outlives a cancel.
        .setCancellationType(
            abandonOnCancel
                ? ActivityCancellationType.ABANDON
                : ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setSummary(summary)
        // Only a server with priority and fairness reads this; it changes no command's identity,
        // which is all a replay compares (activity id and type), so older histories replay as
        // they are.
        .setPriority(Share.of(spec).toPriority())
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(retry.maxAttempts())
                .setInitialInterval(retry.initialInterval())
                .setBackoffCoefficient(retry.backoff())
                .setMaximumInterval(retry.maxInterval())
                .setDoNotRetry(FailureType.BAD_FUNCTION.type())
                .build())
        .build();
  }
}
