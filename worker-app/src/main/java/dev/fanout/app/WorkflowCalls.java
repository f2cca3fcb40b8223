package dev.fanout.app;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowServiceException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Queries and updates a workflow worker must answer, bounded. The server holds them until a worker
 * takes them, so a workflow without one is named as such rather than as the gRPC deadline that ends
 * the wait.
 */
final class WorkflowCalls {

  /** Ends the calls that outlive their deadline. */
  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fanout-query-deadlines");
            t.setDaemon(true);
            return t;
          });

  private WorkflowCalls() {}

  /**
   * @param who the workflow as a user knows it: "job ID", "the ledger of OWNER"
   * @throws JobNotAnsweringException when no worker answered within the client's query timeout
   */
  static <T> T answer(WorkflowClient client, String who, Supplier<T> call) {
    Duration timeout = client.getWorkflowServiceStubs().getOptions().getRpcQueryTimeout();
    // The SDK asks again after each timeout until a minute is up: one timeout is answer enough.
    try (Context.CancellableContext bounded =
        Context.current().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS, DEADLINES)) {
      return bounded.call(call::get);
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
        throw new JobNotAnsweringException(who, timeout, e);
      }
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
