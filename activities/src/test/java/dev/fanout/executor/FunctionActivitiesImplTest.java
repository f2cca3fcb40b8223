package dev.fanout.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.cache.FunctionIdentity;
import dev.fanout.executor.java.JavaExecutor;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.logs.AttemptLines;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.FailureDetails;
import dev.fanout.workflow.FunctionActivities;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.InvocationOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activity every pool serves, run by Temporal's activity test environment. */
class FunctionActivitiesImplTest {

  @TempDir Path root;
  private TestActivityEnvironment env;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void setUp() {
    env =
        TestActivityEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(Json.DATA_CONVERTER)
                        .build())
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private FunctionActivities activities(Executor executor) {
    env.registerActivitiesImplementations(
        new FunctionActivitiesImpl(
            executor,
            FunctionIdentity.NONE,
            new LogStore(root),
            new FileBlobStore(root.resolve("blobs")),
            new InvocationMetrics(registry, "test")));
    return env.newActivityStub(
        FunctionActivities.class,
        io.temporal.activity.ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setHeartbeatTimeout(Duration.ofSeconds(10))
            .build());
  }

  private static Invocation invocation(String handler) {
    return Invocation.task("job-9", 3, "k3", FunctionRef.java(handler), TextNode.valueOf("in"));
  }

  @Test
  void successReportsOutputAttemptExecutorIdAndLog() {
    FunctionActivities activities =
        activities(
            new JavaExecutor(Invocations.input(root), Map.of("echo", (input, ctx) -> input)));

    InvocationOutcome outcome = activities.invoke(invocation("echo"));

    assertThat(outcome.output()).isEqualTo(TextNode.valueOf("in"));
    assertThat(outcome.executorId()).startsWith("java:");
    assertThat(outcome.logRef()).isEqualTo("job-9/task-000003.log");
    assertThat(new LogStore(root).read("job-9", "task-000003", 0, 10))
        .extracting(line -> line.substring(line.indexOf(' ') + 1))
        // The activity test environment numbers attempts from 0; ParallelJobWorkflowTest checks
        // real attempt numbers against the test server.
        .containsExactly("attempt 0 of java:echo", "succeeded");
    assertThat(
            registry
                .get("fanout.invocation.duration")
                .tags("executor", "test", "role", "task", "outcome", "succeeded")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void failureCarriesTypeMessageAndDetails() {
    FunctionActivities activities =
        activities(
            new JavaExecutor(
                Invocations.input(root),
                Map.of(
                    "bad",
                    (input, ctx) -> {
                      throw new IllegalArgumentException("params.sample: not found");
                    })));

    assertThatThrownBy(() -> activities.invoke(invocation("bad")))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("IllegalArgumentException");
              assertThat(f.getOriginalMessage()).isEqualTo("params.sample: not found");
              FailureDetails details = f.getDetails().get(FailureDetails.class);
              assertThat(details.startedAt()).isNotNull();
              assertThat(details.executorId()).startsWith("java:");
              assertThat(details.logRef()).isEqualTo("job-9/task-000003.log");
            });
    List<String> lines = new LogStore(root).read("job-9", "task-000003", 0, 10);
    assertThat(lines.get(lines.size() - 1))
        .as("the attempt's end, for the timeline")
        .endsWith(" failed: IllegalArgumentException: params.sample: not found");
    assertThat(AttemptLines.read(lines))
        .extracting(AttemptLines.Attempt::outcome)
        .containsExactly(AttemptLines.Outcome.FAILED);
    assertThat(
            registry
                .get("fanout.invocation.duration")
                .tags("executor", "test", "role", "task", "outcome", "failed")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aRetryReattachesToWhatThePreviousAttemptStarted() {
    RecordingExecutor executor = new RecordingExecutor();
    FunctionActivities activities = activities(executor);
    env.setHeartbeatDetails("container-abc");

    InvocationOutcome outcome = activities.invoke(invocation("any"));

    assertThat(executor.calls).containsExactly("reattach container-abc");
    assertThat(outcome.executorId()).isEqualTo("container-abc");
    assertThat(outcome.output().asText()).isEqualTo("collected from container-abc");
  }

  @Test
  void withNothingToReattachToItStartsAfresh() {
    RecordingExecutor executor = new RecordingExecutor();
    executor.reattachable = false;
    FunctionActivities activities = activities(executor);
    env.setHeartbeatDetails("container-gone");

    InvocationOutcome outcome = activities.invoke(invocation("any"));

    assertThat(executor.calls).containsExactly("reattach container-gone", "start");
    assertThat(outcome.executorId()).isEqualTo("new-1");
  }

  /**
   * An executor that runs nothing but records what it was asked, standing in for one whose
   * invocations outlive a worker (a container, a Slurm job).
   */
  private static final class RecordingExecutor implements Executor {
    final List<String> calls = new ArrayList<>();
    boolean reattachable = true;

    @Override
    public RunningInvocation start(Invocation invocation, int attempt, TaskLog log) {
      calls.add("start");
      return finished("new-1");
    }

    @Override
    public Optional<RunningInvocation> reattach(
        Invocation invocation, String executorId, TaskLog log) {
      calls.add("reattach " + executorId);
      return reattachable ? Optional.of(finished(executorId)) : Optional.empty();
    }

    private static RunningInvocation finished(String id) {
      return new RunningInvocation() {
        @Override
        public String executorId() {
          return id;
        }

        @Override
        public Optional<JsonNode> awaitOutput(Duration maxWait) {
          return Optional.of(TextNode.valueOf("collected from " + id));
        }

        @Override
        public void cancel() {}
      };
    }
  }
}
