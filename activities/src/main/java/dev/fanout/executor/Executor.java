package dev.fanout.executor;

import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.util.Optional;

/**
 * Runs invocations somewhere: in this JVM, in a container, on a cluster, in a Lambda. One
 * implementation per pool; {@link FunctionActivitiesImpl} owns heartbeats, retries, cancellation
 * and logging around it, so an executor only submits, waits, cancels and collects.
 */
public interface Executor {

  /**
   * Starts an invocation. Throws {@link InvocationException} when it cannot start for a reason that
   * is the invocation's own (such as an unknown handler).
   */
  RunningInvocation start(Invocation invocation, int attempt, TaskLog log) throws Exception;

  /**
   * Finds the invocation an earlier attempt of the same activity started, whose executor id that
   * attempt heartbeated, so a retry after a worker crash adopts it instead of starting a duplicate.
   * Empty when it is gone or cannot be re-attached.
   */
  default Optional<RunningInvocation> reattach(
      Invocation invocation, String executorId, TaskLog log) throws Exception {
    return Optional.empty();
  }

  /**
   * Whether {@link #reattach} can ever adopt anything. Only then must an invocation's executor id
   * reach Temporal before it may end; otherwise a short invocation finishes without a heartbeat,
   * which saves a round trip to the server per sub-job.
   */
  default boolean reattaches() {
    return false;
  }
}
