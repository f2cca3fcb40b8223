package dev.fanout.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A workflow that cancels its running activities as soon as one fails, while they all fail within
 * the same moment: the race that wedged Temporal's test server (sdk-java#2391) on most runs. On the
 * embedded server every run ends, each activity's end seen once.
 */
class EndedActivityCancelGuardTest {

  private static final String QUEUE = "cancel-race";
  private static final int WIDTH = 40;

  @ActivityInterface
  public interface Failing {
    String fail(int i);
  }

  /** Fails after a moment, and on cancel as soon as it hears of it. */
  public static class FailingImpl implements Failing {
    @Override
    public String fail(int i) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("sub-job " + i + " failed");
    }
  }

  @WorkflowInterface
  public interface FailFast {
    /** How many activities it saw end: failed or cancelled. */
    @WorkflowMethod
    int run(int width);
  }

  public static class FailFastImpl implements FailFast {
    private final Failing failing =
        Workflow.newActivityStub(
            Failing.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public int run(int width) {
      List<Promise<String>> running = new ArrayList<>();
      CancellationScope scope =
          Workflow.newCancellationScope(
              () -> {
                for (int i = 0; i < width; i++) {
                  running.add(Async.function(failing::fail, i));
                }
              });
      scope.run();
      Promise.anyOf(running).handle((r, e) -> null).get();
      scope.cancel();
      int ended = 0;
      for (Promise<String> activity : running) {
        ended += activity.handle((r, e) -> 1).get();
      }
      return ended;
    }
  }

  @Test
  void installsOnThePinnedServer() {
    try (TestServicesStarter services = new TestServicesStarter(true, 0)) {
      assertThat(EndedActivityCancelGuard.install(services)).isPresent();
    }
  }

  @Test
  void cancellingActivitiesAsTheyEndNeverWedgesAWorkflow() throws Exception {
    try (EmbeddedTemporal server = EmbeddedTemporal.inProcess()) {
      WorkflowClient client = WorkflowClient.newInstance(server.stubs());
      WorkerFactory factory = WorkerFactory.newInstance(client);
      var worker = factory.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(FailFastImpl.class);
      worker.registerActivitiesImplementations(new FailingImpl());
      factory.start();
      try {
        for (int run = 0; run < 5; run++) {
          FailFast workflow =
              client.newWorkflowStub(
                  FailFast.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("race-" + run)
                      .setTaskQueue(QUEUE)
                      .build());
          WorkflowClient.start(workflow::run, WIDTH);
          int ended =
              client
                  .newUntypedWorkflowStub("race-" + run)
                  .getResult(60, TimeUnit.SECONDS, Integer.class);
          assertThat(ended).as("run %d", run).isEqualTo(WIDTH);
        }
      } finally {
        factory.shutdownNow();
        factory.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
