package dev.fanout.executor.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.WaitResponse;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.OutputTail;
import dev.fanout.executor.RunState;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.FailureType;
import dev.fanout.logs.TaskLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One container: its log streamed to the task's log, its exit awaited, then collected and removed.
 */
final class DockerRun implements RunningInvocation {

  private final DockerClient docker;
  private final String id;
  private final WorkDir workDir;
  private final Instant deadline;
  private final TaskLog taskLog;
  private final OutputTail tail = new OutputTail();
  private final LogStream logs = new LogStream();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  DockerRun(
      DockerClient docker,
      String id,
      WorkDir workDir,
      Instant deadline,
      TaskLog taskLog,
      boolean reattached) {
    this.docker = docker;
    this.id = id;
    this.workDir = workDir;
    this.deadline = deadline;
    this.taskLog = taskLog;
    var logCmd =
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true);
    if (reattached) {
      // What the earlier attempt streamed is in the log already.
      logCmd.withSince((int) Instant.now().getEpochSecond());
    }
    logCmd.exec(logs);
    docker
        .waitContainerCmd(id)
        .exec(
            new WaitContainerResultCallback() {
              @Override
              public void onNext(WaitResponse response) {
                exit.complete(response.getStatusCode());
              }

              @Override
              public void onError(Throwable throwable) {
                exit.completeExceptionally(throwable);
              }
            });
  }

  @Override
  public String executorId() {
    return id;
  }

  @Override
  public Optional<JsonNode> awaitOutput(Duration maxWait) throws Exception {
    int code;
    try {
      code = exit.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw DockerExecutor.unavailable(
          e.getCause() instanceof RuntimeException r ? r : new RuntimeException(e.getCause()));
    } catch (TimeoutException e) {
      if (deadline != null && Instant.now().isAfter(deadline)) {
        cancel();
        throw new InvocationException(
            FailureType.TIMEOUT, "ran past its walltime and was killed" + tail.describe(), null);
      }
      return Optional.empty();
    }
    try {
      logs.awaitCompletion(5, TimeUnit.SECONDS);
      RunState state = DockerState.of(docker.inspectContainerCmd(id).exec().getState());
      taskLog.line("container exited with " + code);
      if (state == RunState.OUT_OF_MEMORY) {
        throw new InvocationException(
            FailureType.OUT_OF_MEMORY,
            "killed for exceeding its memory limit (exit code " + code + ")" + tail.describe(),
            null);
      }
      return Optional.of(workDir.collect(code, tail));
    } finally {
      remove(docker, id);
    }
  }

  @Override
  public void cancel() {
    try {
      docker.killContainerCmd(id).exec();
      taskLog.line("killed container " + id);
    } catch (NotFoundException | NotModifiedException | ConflictException e) {
      // Already stopped or gone.
    }
    remove(docker, id);
  }

  static void remove(DockerClient docker, String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException e) {
      // Gone already.
    }
  }

  /** Writes the container's stdout and stderr to the task's log, line by line. */
  private final class LogStream extends ResultCallback.Adapter<Frame> {
    private final Map<StreamType, StringBuilder> partial = new EnumMap<>(StreamType.class);

    @Override
    public void onNext(Frame frame) {
      StringBuilder line = partial.computeIfAbsent(frame.getStreamType(), t -> new StringBuilder());
      for (char c : new String(frame.getPayload(), StandardCharsets.UTF_8).toCharArray()) {
        if (c == '\n') {
          emit(frame.getStreamType(), line);
        } else {
          line.append(c);
        }
      }
    }

    @Override
    public void onComplete() {
      partial.forEach(
          (type, line) -> {
            if (line.length() > 0) {
              emit(type, line);
            }
          });
      super.onComplete();
    }

    private void emit(StreamType type, StringBuilder line) {
      String text = line.toString();
      line.setLength(0);
      taskLog.line((type == StreamType.STDERR ? "stderr " : "stdout ") + text);
      tail.add(text);
    }
  }
}
