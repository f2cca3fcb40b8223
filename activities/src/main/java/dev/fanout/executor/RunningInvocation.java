package dev.fanout.executor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/** An invocation an {@link Executor} started. */
public interface RunningInvocation {

  /** The executor's own id for it: a container id, a Slurm job id, a Lambda request id. */
  String executorId();

  /**
   * Waits at most {@code maxWait} for the output; empty while it still runs. Throws {@link
   * InvocationException} when the invocation itself failed.
   */
  Optional<JsonNode> awaitOutput(Duration maxWait) throws Exception;

  /** Stops it for good (kill, scancel, stop waiting) and cleans up. */
  void cancel();
}
