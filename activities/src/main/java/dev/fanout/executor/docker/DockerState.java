package dev.fanout.executor.docker;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import dev.fanout.executor.RunState;
import java.util.Map;

/**
 * Docker's one table: a container's state (as {@code docker inspect} gives its {@code Status} and
 * {@code OOMKilled}) to Fanout's.
 */
final class DockerState {

  private static final Map<String, RunState> TABLE =
      Map.of(
          "created", RunState.PENDING,
          "running", RunState.RUNNING,
          "paused", RunState.RUNNING,
          "restarting", RunState.RUNNING,
          "removing", RunState.EXITED,
          "exited", RunState.EXITED,
          // The engine could not stop or remove it: its exit code still says how it ended.
          "dead", RunState.EXITED);

  private DockerState() {}

  static RunState of(ContainerState state) {
    return of(state.getStatus(), state.getOOMKilled());
  }

  /** The kernel's OOM kill shows only in the flag: the status is {@code exited} either way. */
  static RunState of(String status, Boolean oomKilled) {
    RunState state = TABLE.getOrDefault(status, RunState.UNKNOWN);
    return state == RunState.EXITED && Boolean.TRUE.equals(oomKilled)
        ? RunState.OUT_OF_MEMORY
        : state;
  }
}
