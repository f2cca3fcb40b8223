package dev.fanout.executor.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.Invocations;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.job.FailureType;
import dev.fanout.job.FunctionRef;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaExecutorTest {

  @TempDir Path root;

  private static Invocation invocation(String handler) {
    return Invocation.task("job", 7, "k7", FunctionRef.java(handler), IntNode.valueOf(6));
  }

  private TaskLog log() throws Exception {
    return new LogStore(root).open("job", "task-000007");
  }

  private static Optional<JsonNode> await(RunningInvocation running) throws Exception {
    return running.awaitOutput(Duration.ofSeconds(10));
  }

  @Test
  void runsTheNamedHandlerWithItsContext() throws Exception {
    JavaHandler times7 =
        (input, ctx) -> {
          ctx.log().info("task {} attempt {}", ctx.taskIndex(), ctx.attempt());
          return IntNode.valueOf(input.asInt() * 7);
        };
    try (JavaExecutor executor =
            new JavaExecutor(Invocations.input(root), Map.of("times7", times7));
        TaskLog log = log()) {
      RunningInvocation running = executor.start(invocation("times7"), 2, log);

      assertThat(await(running)).contains(IntNode.valueOf(42));
      assertThat(running.executorId()).startsWith("java:").endsWith(":times7");
    }
    assertThat(new LogStore(root).read("job", "task-000007", 0, 10))
        .singleElement()
        .satisfies(line -> assertThat(line).endsWith("INFO task 7 attempt 2"));
  }

  @Test
  void anUnknownHandlerIsABadFunctionThatIsNeverRetried() throws Exception {
    try (JavaExecutor executor =
            new JavaExecutor(Invocations.input(root), Map.of("a", (i, c) -> i, "b", (i, c) -> i));
        TaskLog log = log()) {
      assertThatThrownBy(() -> executor.start(invocation("c"), 1, log))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.type()).isEqualTo(FailureType.BAD_FUNCTION.type());
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage())
                    .isEqualTo("handler: no Java handler named 'c' on this worker; it has [a, b]");
              });
    }
  }

  @Test
  void aHandlersExceptionIsTheInvocationsFailure() throws Exception {
    JavaHandler broken =
        (input, ctx) -> {
          throw new IllegalStateException("no reads left after trimming");
        };
    try (JavaExecutor executor =
            new JavaExecutor(Invocations.input(root), Map.of("broken", broken));
        TaskLog log = log()) {
      RunningInvocation running = executor.start(invocation("broken"), 1, log);

      assertThatThrownBy(() -> await(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.type()).isEqualTo("IllegalStateException");
                assertThat(e.getMessage()).isEqualTo("no reads left after trimming");
                assertThat(e.retryable()).isTrue();
              });
    }
  }

  @Test
  void aHandlerThatFindsItsInputAtFaultFailsWithoutRetries() throws Exception {
    JavaHandler strict =
        (input, ctx) -> {
          throw new InvalidInputException("input.fasta: no such file /data/x.fa");
        };
    try (JavaExecutor executor = new JavaExecutor(Invocations.input(root), Map.of("s", strict));
        TaskLog log = log()) {
      RunningInvocation running = executor.start(invocation("s"), 1, log);

      assertThatThrownBy(() -> await(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.type()).isEqualTo(FailureType.INVALID_INPUT.type());
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).isEqualTo("input.fasta: no such file /data/x.fa");
              });
    }
    assertThat(new LogStore(root).read("job", "task-000007", 0, 10))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .endsWith("ERROR invalid input: input.fasta: no such file /data/x.fa"));
  }

  @Test
  void cancelInterruptsTheHandler() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    JavaHandler forever =
        (input, ctx) -> {
          started.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          return input;
        };
    try (JavaExecutor executor =
            new JavaExecutor(Invocations.input(root), Map.of("forever", forever));
        TaskLog log = log()) {
      RunningInvocation running = executor.start(invocation("forever"), 1, log);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(running.awaitOutput(Duration.ofMillis(10))).isEmpty();

      running.cancel();

      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aNullOutputIsJsonNull() throws Exception {
    try (JavaExecutor executor =
            new JavaExecutor(Invocations.input(root), Map.of("nothing", (i, c) -> null));
        TaskLog log = log()) {
      assertThat(await(executor.start(invocation("nothing"), 1, log)))
          .hasValueSatisfying(v -> assertThat(v.isNull()).isTrue());
    }
  }
}
