package dev.fanout.app.temporal;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.temporal.api.command.v1.Command;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.internal.testservice.TestWorkflowService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a cancel of an activity that ended a moment ago from wedging Temporal's test server.
 *
 * <p>A workflow that cancels its running activities (a job stopping its sub-jobs) races their own
 * ends: an activity may complete while the workflow task that asks to cancel it is being worked on.
 * A real server takes that in its stride. The test server (temporal-test-server 1.38.0,
 * temporalio/sdk-java#2391) answers {@code ACTIVITY_UNKNOWN} half-way through applying the workflow
 * task, and the workflow never gets another: the job never ends. This looks at each completed
 * workflow task before the server does, under the workflow's own lock so no activity can end in
 * between: when it asks to cancel an activity that has already ended, the task is failed instead,
 * as a real server fails a task whose commands new events have overtaken ({@code
 * UnhandledCommand}); the worker replays with the activity's end in its history and decides again.
 */
final class EndedActivityCancelGuard implements ServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(EndedActivityCancelGuard.class);

  private static final String COMPLETED =
      WorkflowServiceGrpc.getRespondWorkflowTaskCompletedMethod().getFullMethodName();

  private final TestWorkflowService service;
  private final TestServerInternals executions;

  private EndedActivityCancelGuard(TestWorkflowService service, TestServerInternals executions) {
    this.service = service;
    this.executions = executions;
  }

  /** Guards the server, or says why it cannot and returns empty. */
  static Optional<EndedActivityCancelGuard> install(TestServicesStarter services) {
    try {
      return Optional.of(
          new EndedActivityCancelGuard(
              services.getWorkflowService(), TestServerInternals.of(services)));
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "Temporal's test server could not be guarded against cancels of ended activities ({});"
              + " a job whose sub-jobs fail together may never end",
          e.toString());
      return Optional.empty();
    }
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    ServerCall.Listener<Q> server = next.startCall(call, headers);
    if (!call.getMethodDescriptor().getFullMethodName().equals(COMPLETED)) {
      return server;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(server) {
      private RespondWorkflowTaskCompletedRequest request;

      @Override
      public void onMessage(Q message) {
        request = (RespondWorkflowTaskCompletedRequest) message;
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (request == null || !completeOrFail(request, super::onHalfClose)) {
          return;
        }
        call.close(Status.INVALID_ARGUMENT.withDescription("UnhandledCommand"), new Metadata());
      }
    };
  }

  /**
   * Lets the server complete the task ({@code complete}), or fails it if it cancels an ended
   * activity; whether it failed it.
   */
  private boolean completeOrFail(RespondWorkflowTaskCompletedRequest request, Runnable complete) {
    List<Long> cancels =
        request.getCommandsList().stream()
            .filter(
                c -> c.getCommandType() == CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK)
            .map(Command::getRequestCancelActivityTaskCommandAttributes)
            .map(a -> a.getScheduledEventId())
            .toList();
    Optional<TestServerInternals.Execution> execution =
        cancels.isEmpty() ? Optional.empty() : executions.executionOfTask(request.getTaskToken());
    if (execution.isEmpty()) {
      complete.run();
      return false;
    }
    // The server takes this lock again (it is reentrant) to apply the task: no activity of the
    // workflow can end between this look and that.
    Lock lock = executions.lock(execution.get());
    lock.lock();
    try {
      if (cancels.stream().allMatch(id -> executions.activityPending(execution.get(), id))) {
        complete.run();
        return false;
      }
      service.respondWorkflowTaskFailed(
          RespondWorkflowTaskFailedRequest.newBuilder()
              .setNamespace(request.getNamespace())
              .setTaskToken(request.getTaskToken())
              .setIdentity(request.getIdentity())
              .setCause(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND)
              .build(),
          IGNORED);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static final StreamObserver<RespondWorkflowTaskFailedResponse> IGNORED =
      new StreamObserver<>() {
        @Override
        public void onNext(RespondWorkflowTaskFailedResponse value) {}

        @Override
        public void onError(Throwable t) {
          log.warn(
              "could not fail a workflow task that cancels an ended activity: {}", t.toString());
        }

        @Override
        public void onCompleted() {}
      };
}
