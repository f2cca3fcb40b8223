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
   * A query, bounded by one of the client's query timeouts: the SDK asks again after each timeout
   * until a minute is up, and one timeout is answer enough.
   *
   * @param who the workflow as a user knows it: "job ID", "the ledger of OWNER"
   * @throws JobNotAnsweringException when no worker answered in time
   */
  static <T> T answer(WorkflowClient client, String who, Supplier<T> call) {
    return within(queryTimeout(client), who, call);
  }

  /**
   * An owner ledger's admission, bounded by {@value #ADMISSION_TIMEOUTS} query timeouts: its update
   * waits for the job's start too, which a loaded worker takes longer over than a query.
   */
  static <T> T admission(WorkflowClient client, String who, Supplier<T> call) {
    return within(queryTimeout(client).multipliedBy(ADMISSION_TIMEOUTS), who, call);
  }

  static final int ADMISSION_TIMEOUTS = 3;

  private static Duration queryTimeout(WorkflowClient client) {
    return client.getWorkflowServiceStubs().getOptions().getRpcQueryTimeout();
  }

  private static <T> T within(Duration timeout, String who, Supplier<T> call) {
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
