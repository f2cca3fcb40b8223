package dev.fanout.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.executor.InfrastructureException;
import dev.fanout.executor.Invocations;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No engine at all: the one Docker failure that needs none to test. */
class UnreachableEngineTest {

  @TempDir Path root;

  @Test
  void anEngineThatDoesNotAnswerIsRetryableTroubleNamedAsSuch() throws Exception {
    FunctionRef function =
        new FunctionRef("docker", null, "any:1", null, null, null, null, null, null);
    Invocation invocation =
        Invocation.task("job-u", 0, "k", function, Json.MAPPER.createObjectNode());
    try (DockerExecutor executor =
            new DockerExecutor(
                DockerExecutor.client("unix://" + root.resolve("no-engine.sock")),
                root.resolve("work"),
                Invocations.input(root));
        TaskLog log = new LogStore(root).open("job-u", "task-000000")) {
      assertThatThrownBy(() -> executor.start(invocation, 1, log))
          .isInstanceOfSatisfying(
              InfrastructureException.class,
              e -> {
                assertThat(e.type()).isEqualTo("EngineUnavailable");
                assertThat(e.getMessage()).startsWith("cannot reach the Docker engine: ");
              });
    }
  }
}
