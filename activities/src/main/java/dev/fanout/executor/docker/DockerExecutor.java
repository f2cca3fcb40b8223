package dev.fanout.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.fanout.executor.Executor;
import dev.fanout.executor.InfrastructureException;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.FailureType;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Resources;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs invocations as containers on a Docker-API engine under the container contract: the attempt's
 * work directory is bind-mounted at {@code /fanout} with {@code input.json}, the container writes
 * {@code /fanout/output.json}, exit 0 is success. Images are never pulled: they must be on the
 * engine. The work directory must be a path the engine's host can see.
 */
public final class DockerExecutor implements Executor, AutoCloseable {

  static final String CONTAINER_DIR = "/fanout";
  static final String LABEL_MANAGED = "fanout.managed";
  static final String LABEL_JOB = "fanout.job";
  static final String LABEL_TASK = "fanout.task";
  static final String LABEL_ATTEMPT = "fanout.attempt";
  static final String LABEL_WORK_DIR = "fanout.workdir";

  private final DockerClient docker;
  private final Path workRoot;
  private final InvocationInput input;

  public DockerExecutor(DockerClient docker, Path workRoot, InvocationInput input) {
    this.docker = docker;
    this.workRoot = workRoot;
    this.input = input;
  }

  /** A client for the engine at {@code host}, such as {@code unix:///var/run/docker.sock}. */
  public static DockerClient client(String host) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            // One streaming log and one wait connection per running container.
            .maxConnections(512)
            .connectionTimeout(Duration.ofSeconds(10))
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  @Override
  public RunningInvocation start(Invocation invocation, int attempt, TaskLog taskLog)
      throws IOException, InvocationException, InfrastructureException {
    try {
      return startContainer(invocation, attempt, taskLog);
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  /**
   * An engine that answered with an error is the request's problem; one that did not answer is
   * trouble to retry, named as such.
   */
  static RuntimeException unavailable(RuntimeException e) throws InfrastructureException {
    if (e instanceof DockerException) {
      return e;
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    throw new InfrastructureException(
        FailureType.ENGINE_UNAVAILABLE, "cannot reach the Docker engine: " + root, e);
  }

  private RunningInvocation startContainer(Invocation invocation, int attempt, TaskLog taskLog)
      throws IOException, InvocationException {
    reapEarlierAttempts(invocation, taskLog);
    WorkDir workDir = WorkDir.create(workRoot, invocation, attempt, input);
    String id;
    try {
      id = create(invocation, attempt, workDir).exec().getId();
    } catch (NotFoundException e) {
      throw InvocationException.badFunction(
          "image",
          "no image '"
              + invocation.function().image()
              + "' on the Docker engine (Fanout never pulls: load or build it there first)");
    }
    docker.startContainerCmd(id).exec();
    taskLog.line("started container " + id + " from " + invocation.function().image());
    return new DockerRun(docker, id, workDir, deadline(invocation.function()), taskLog, false);
  }

  /** Adopts the container an earlier attempt heartbeated, running or exited, if it still exists. */
  @Override
  public boolean reattaches() {
    return true;
  }

  @Override
  public Optional<RunningInvocation> reattach(
      Invocation invocation, String containerId, TaskLog taskLog) {
    InspectContainerResponse container;
    try {
      container = docker.inspectContainerCmd(containerId).exec();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    Map<String, String> labels = container.getConfig().getLabels();
    if (labels == null
        || !invocation.jobId().equals(labels.get(LABEL_JOB))
        || !invocation.logName().equals(labels.get(LABEL_TASK))) {
      return Optional.empty();
    }
    WorkDir workDir = WorkDir.existing(Path.of(labels.get(LABEL_WORK_DIR)));
    return Optional.of(
        new DockerRun(
            docker, containerId, workDir, deadline(invocation.function()), taskLog, true));
  }

  private CreateContainerCmd create(Invocation invocation, int attempt, WorkDir workDir) {
    FunctionRef function = invocation.function();
    List<Bind> binds = new ArrayList<>();
    binds.add(new Bind(workDir.path().toString(), new Volume(CONTAINER_DIR)));
    if (function.mounts() != null) {
      for (String mount : function.mounts()) {
        int colon = mount.indexOf(':');
        String host = Path.of(mount.substring(0, colon)).toAbsolutePath().normalize().toString();
        binds.add(Bind.parse(host + mount.substring(colon) + ":ro"));
      }
    }
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(binds)
            .withNetworkMode(function.network() == null ? "none" : function.network());
    Resources resources = function.resources();
    if (resources != null && resources.cpus() != null) {
      host.withNanoCPUs(resources.cpus() * 1_000_000_000L);
    }
    if (resources != null && resources.memoryMb() != null) {
      host.withMemory(resources.memoryMb() * 1024L * 1024L);
    }
    List<String> env = new ArrayList<>();
    env.add("FANOUT_JOB_ID=" + invocation.jobId());
    env.add("FANOUT_TASK_INDEX=" + invocation.taskIndex());
    env.add("FANOUT_TASK_KEY=" + (invocation.taskKey() == null ? "" : invocation.taskKey()));
    // What the container is given of the engine's cpus, as a process sub-job is told its slots.
    env.add(
        "FANOUT_CPUS=" + (resources != null && resources.cpus() != null ? resources.cpus() : 1));
    if (function.env() != null) {
      function.env().forEach((k, v) -> env.add(k + "=" + v));
    }
    CreateContainerCmd cmd =
        docker
            .createContainerCmd(function.image())
            .withName(ContainerNames.of(invocation, attempt))
            .withEnv(env)
            .withWorkingDir(CONTAINER_DIR)
            .withLabels(
                Map.of(
                    LABEL_MANAGED, "true",
                    LABEL_JOB, invocation.jobId(),
                    LABEL_TASK, invocation.logName(),
                    LABEL_ATTEMPT, String.valueOf(attempt),
                    LABEL_WORK_DIR, workDir.path().toString()))
            .withHostConfig(host);
    if (function.command() != null && !function.command().isEmpty()) {
      cmd.withCmd(function.command());
    }
    return cmd;
  }

  /**
   * A worker that died before its first heartbeat leaves a container nobody will adopt; the next
   * attempt removes it, so a sub-job never runs twice at once.
   */
  private void reapEarlierAttempts(Invocation invocation, TaskLog taskLog) {
    List<Container> earlier =
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(
                Map.of(LABEL_JOB, invocation.jobId(), LABEL_TASK, invocation.logName()))
            .exec();
    for (Container container : earlier) {
      taskLog.line("removing container " + container.getId() + " of an earlier attempt");
      DockerRun.remove(docker, container.getId());
    }
  }

  private static Instant deadline(FunctionRef function) {
    Resources resources = function.resources();
    return resources == null || resources.walltime() == null
        ? null
        : Instant.now().plus(resources.walltime());
  }

  @Override
  public void close() throws IOException {
    docker.close();
  }
}
