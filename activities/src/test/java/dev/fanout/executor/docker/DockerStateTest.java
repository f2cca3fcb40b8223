package dev.fanout.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import dev.fanout.executor.ExitStatus;
import dev.fanout.executor.RunState;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Docker's table, on states a real engine reported (resources/docker/container-states.json). */
class DockerStateTest {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static JsonNode captured;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in =
        DockerStateTest.class.getResourceAsStream("/docker/container-states.json")) {
      captured = MAPPER.readTree(in);
    }
  }

  /** The state inside an inspect response, as the client reads it (it is an inner class). */
  private static ContainerState state(String name) throws IOException {
    JsonNode inspected = MAPPER.createObjectNode().set("State", captured.get(name));
    return MAPPER.treeToValue(inspected, InspectContainerResponse.class).getState();
  }

  @Test
  void aContainerTheKernelKilledForMemoryRanOutOfMemory() throws IOException {
    ContainerState oom = state("oom-killed");
    assertThat(DockerState.of(oom)).isEqualTo(RunState.OUT_OF_MEMORY);
    assertThat(new ExitStatus(oom.getExitCodeLong().intValue()).describe())
        .isEqualTo("exit code 137 (killed by signal 9)");
  }

  @Test
  void anExitedContainersCodeSaysHowItEnded() throws IOException {
    ContainerState exited = state("exit-3");
    assertThat(DockerState.of(exited)).isEqualTo(RunState.EXITED);
    assertThat(exited.getExitCodeLong()).isEqualTo(3L);
  }

  @Test
  void createdAndRunningContainersHaveNotEnded() throws IOException {
    assertThat(DockerState.of(state("created"))).isEqualTo(RunState.PENDING);
    assertThat(DockerState.of(state("running"))).isEqualTo(RunState.RUNNING);
  }

  @Test
  void aStatusTheTableDoesNotKnowEndsNothing() {
    assertThat(DockerState.of("migrating", false)).isEqualTo(RunState.UNKNOWN);
    assertThat(DockerState.of("dead", false)).isEqualTo(RunState.EXITED);
  }
}
