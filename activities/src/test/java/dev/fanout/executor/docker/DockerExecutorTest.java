package dev.fanout.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.Invocations;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.job.FailureType;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.Resources;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Containers on a real Docker engine. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DockerExecutorTest {

  @TempDir Path root;
  private DockerClient docker;
  private DockerExecutor executor;
  private String job;

  @BeforeEach
  void setUp(org.junit.jupiter.api.TestInfo test) {
    docker = DockerEngine.client();
    executor = new DockerExecutor(docker, root.resolve("work"), Invocations.input(root));
    job = "docker-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (docker != null) {
      executor.close();
    }
  }

  private Invocation invocation(String script, Resources resources, List<String> mounts) {
    FunctionRef function =
        new FunctionRef(
            "docker",
            null,
            DockerEngine.IMAGE,
            List.of("sh", "-c", script),
            null,
            Map.of("GREETING", "hi"),
            mounts,
            null,
            resources);
    return Invocation.task(
        job, 4, "sample-4", function, Json.MAPPER.createObjectNode().put("i", 4));
  }

  private Invocation invocation(String script) {
    return invocation(script, null, null);
  }

  private TaskLog log() throws Exception {
    return new LogStore(root.resolve("logs")).open(job, "task-000004");
  }

  private List<String> logLines() {
    return Invocations.lines(new LogStore(root.resolve("logs")), job, "task-000004");
  }

  private static JsonNode run(RunningInvocation running) throws Exception {
    return Invocations.runToEnd(running);
  }

  private List<String> containersOfThisJob() {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(DockerExecutor.LABEL_JOB, job))
        .exec()
        .stream()
        .map(c -> c.getId())
        .toList();
  }

  @Test
  void runsUnderTheContainerContractAndIsRemovedAfterwards() throws Exception {
    String script =
        "echo \"$GREETING from $FANOUT_JOB_ID/$FANOUT_TASK_INDEX ($FANOUT_TASK_KEY) in $(pwd)\"\n"
            + "echo 'to stderr' >&2\n"
            + "sed 's/\"i\"/\"seen\"/' /fanout/input.json > /fanout/output.json";
    try (TaskLog log = log()) {
      RunningInvocation running = executor.start(invocation(script), 1, log);

      assertThat(run(running).path("seen").asInt()).isEqualTo(4);
      assertThat(running.executorId()).hasSize(64);
    }
    assertThat(logLines())
        .contains(
            "stdout hi from " + job + "/4 (sample-4) in /fanout",
            "stderr to stderr",
            "container exited with 0");
    assertThat(containersOfThisJob()).isEmpty();
  }

  @Test
  void aNonZeroExitFailsWithItsLogTail() throws Exception {
    try (TaskLog log = log()) {
      RunningInvocation running =
          executor.start(
              invocation("echo 'assembling'; echo 'k-mer table full' >&2; exit 2"), 1, log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.type()).isEqualTo("NonZeroExit");
                assertThat(e.getMessage())
                    .startsWith("exit code 2; last output:")
                    .contains("k-mer table full");
              });
    }
    assertThat(containersOfThisJob()).isEmpty();
  }

  @Test
  void exitZeroWithoutOutputIsMissingOutput() throws Exception {
    try (TaskLog log = log()) {
      RunningInvocation running = executor.start(invocation("true"), 1, log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class, e -> assertThat(e.type()).isEqualTo("MissingOutput"));
    }
  }

  @Test
  void walltimeKillsTheContainer() throws Exception {
    try (TaskLog log = log()) {
      RunningInvocation running =
          executor.start(
              invocation("sleep 60", new Resources(null, null, null, Duration.ofSeconds(1)), null),
              1,
              log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class, e -> assertThat(e.type()).isEqualTo("Timeout"));
    }
    assertThat(containersOfThisJob()).isEmpty();
  }

  @Test
  void cancelKillsAndRemovesTheContainer() throws Exception {
    try (TaskLog log = log()) {
      RunningInvocation running = executor.start(invocation("sleep 60"), 1, log);
      assertThat(running.awaitOutput(Duration.ofMillis(300))).isEmpty();
      assertThat(containersOfThisJob()).hasSize(1);

      running.cancel();
    }
    assertThat(containersOfThisJob()).isEmpty();
    assertThat(logLines()).anySatisfy(l -> assertThat(l).startsWith("killed container"));
  }

  @Test
  void exceedingTheMemoryLimitIsOutOfMemory() throws Exception {
    try (TaskLog log = log()) {
      RunningInvocation running =
          executor.start(
              invocation("tail /dev/zero", new Resources(1, 16, null, null), null), 1, log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.type()).isEqualTo("OutOfMemory");
                assertThat(e.getMessage())
                    .startsWith("killed for exceeding its memory limit (exit code 137)");
              });
    }
  }

  @Test
  void aRetryReattachesToTheContainerInsteadOfStartingAnother() throws Exception {
    String executorId;
    try (TaskLog log = log()) {
      RunningInvocation first =
          executor.start(
              invocation("sleep 1; echo '{\"done\": true}' > /fanout/output.json"), 1, log);
      executorId = first.executorId();
    }
    // A new worker, as after a crash: same heartbeat details, its own client.
    try (DockerExecutor another =
            new DockerExecutor(
                DockerExecutor.client(System.getenv("FANOUT_DOCKER_HOST")),
                root.resolve("work"),
                Invocations.input(root));
        TaskLog log = log()) {
      Optional<RunningInvocation> adopted = another.reattach(invocation("unused"), executorId, log);

      assertThat(adopted).isPresent();
      assertThat(containersOfThisJob()).containsExactly(executorId);
      assertThat(run(adopted.get()).path("done").asBoolean()).isTrue();
      assertThat(another.reattach(invocation("unused"), executorId, log)).isEmpty();
    }
    assertThat(containersOfThisJob()).isEmpty();
  }

  @Test
  void aLaterAttemptRemovesTheContainerOfOneThatDiedBeforeItsFirstHeartbeat() throws Exception {
    try (TaskLog log = log()) {
      executor.start(invocation("sleep 60"), 1, log);
      RunningInvocation second =
          executor.start(invocation("echo '{}' > /fanout/output.json"), 2, log);

      assertThat(run(second).isObject()).isTrue();
    }
    assertThat(containersOfThisJob()).isEmpty();
  }

  @Test
  void aMissingImageIsABadFunctionReference() throws Exception {
    FunctionRef function =
        new FunctionRef("docker", null, "fanout-test/nope:0", null, null, null, null, null, null);
    try (TaskLog log = log()) {
      assertThatThrownBy(() -> executor.start(Invocation.mapper(job, function, null), 1, log))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.type()).isEqualTo(FailureType.BAD_FUNCTION.type());
                assertThat(e.getMessage())
                    .startsWith("image: no image 'fanout-test/nope:0' on the Docker engine");
              });
    }
  }

  @Test
  void noNetworkAndReferenceDataIsReadOnly() throws Exception {
    Path reference = Files.createDirectories(root.resolve("ref"));
    Files.writeString(reference.resolve("genes.txt"), "dnaA\n");
    String script =
        "nets=$(ls /sys/class/net | tr '\\n' ' ')\n"
            + "gene=$(cat /ref/genes.txt)\n"
            + "if touch /ref/x 2>/dev/null; then w=yes; else w=no; fi\n"
            + "echo \"{\\\"nets\\\": \\\"$nets\\\", \\\"gene\\\": \\\"$gene\\\", \\\"writable\\\": \\\"$w\\\"}\" > /fanout/output.json";
    try (TaskLog log = log()) {
      JsonNode output =
          run(executor.start(invocation(script, null, List.of(reference + ":/ref")), 1, log));

      assertThat(output.path("nets").asText().trim()).isEqualTo("lo");
      assertThat(output.path("gene").asText()).isEqualTo("dnaA");
      assertThat(output.path("writable").asText()).isEqualTo("no");
    }
  }
}
