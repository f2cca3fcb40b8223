package dev.fanout.executor.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.Invocations;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.FailureType;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.Resources;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Share;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real processes, run by /bin/sh scripts the tests write. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessExecutorTest {

  @TempDir Path root;

  private Path script(String name, String body) throws Exception {
    Path file = root.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    file.toFile().setExecutable(true);
    return file;
  }

  private static Invocation invocation(int index, List<String> command, Resources resources) {
    return invocation(index, command, resources, null);
  }

  private static Invocation invocation(
      int index, List<String> command, Resources resources, Map<String, String> env) {
    FunctionRef function =
        new FunctionRef("process", null, null, command, null, env, null, null, resources);
    return Invocation.task(
        "job-p", index, "key " + index, function, Json.MAPPER.createObjectNode().put("i", index));
  }

  private TaskLog log(int index) throws Exception {
    return new LogStore(root.resolve("logs")).open("job-p", "task-" + index);
  }

  private List<String> logLines(int index) {
    return Invocations.lines(new LogStore(root.resolve("logs")), "job-p", "task-" + index);
  }

  private static JsonNode run(RunningInvocation running) throws Exception {
    return Invocations.runToEnd(running);
  }

  private ProcessExecutor executor(int slots) {
    return new ProcessExecutor(root.resolve("work"), slots, Invocations.input(root));
  }

  @Test
  void runsInAWorkDirWithInputAndCollectsOutput() throws Exception {
    Path echo =
        script(
            "echo.sh",
            "echo \"working on $FANOUT_TASK_KEY ($FANOUT_JOB_ID/$FANOUT_TASK_INDEX)\"\n"
                + "echo 'a warning' >&2\n"
                + "sed 's/\"i\"/\"seen\"/' input.json > output.json");
    try (TaskLog log = log(1)) {
      JsonNode output =
          run(executor(2).start(invocation(1, List.of(echo.toString()), null), 1, log));

      assertThat(output.path("seen").asInt()).isEqualTo(1);
    }
    assertThat(logLines(1))
        .contains("stdout working on key 1 (job-p/1)", "stderr a warning", "exited with 0");
    assertThat(root.resolve("work/job-p/task-000001/attempt-1/input.json")).exists();
  }

  @Test
  void aNonZeroExitFailsWithTheCodeAndTheLastLines() throws Exception {
    Path fail = script("fail.sh", "echo 'reading sample'\necho 'sample.fq: truncated' >&2\nexit 3");
    try (TaskLog log = log(2)) {
      RunningInvocation running =
          executor(1).start(invocation(2, List.of(fail.toString()), null), 1, log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.type()).isEqualTo("NonZeroExit");
                assertThat(e.getMessage())
                    .startsWith("exit code 3; last output:")
                    .contains("sample.fq: truncated");
              });
    }
  }

  @Test
  void aCommandThatFindsItsInputAtFaultSaysSoInAFileAndIsNotRetried() throws Exception {
    Path refuse =
        script(
            "refuse.sh",
            "echo 'sample.fq: no such file' > "
                + WorkDir.INVALID_INPUT
                + "\necho 'giving up'\nexit 1");
    try (TaskLog log = log(9)) {
      RunningInvocation running =
          executor(1).start(invocation(9, List.of(refuse.toString()), null), 1, log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.type()).isEqualTo(FailureType.INVALID_INPUT.type());
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).isEqualTo("sample.fq: no such file");
              });
    }
  }

  @Test
  void exitZeroWithoutOutputOrWithBadOutputIsAFailure() throws Exception {
    Path none = script("none.sh", "true");
    Path bad = script("bad.sh", "echo '{not json' > output.json");
    try (TaskLog log = log(3)) {
      assertThatThrownBy(
              () -> run(executor(1).start(invocation(3, List.of(none.toString()), null), 1, log)))
          .isInstanceOfSatisfying(
              InvocationException.class, e -> assertThat(e.type()).isEqualTo("MissingOutput"));
      assertThatThrownBy(
              () -> run(executor(1).start(invocation(3, List.of(bad.toString()), null), 2, log)))
          .isInstanceOfSatisfying(
              InvocationException.class, e -> assertThat(e.type()).isEqualTo("MalformedOutput"));
    }
  }

  @Test
  void aMissingCommandIsABadFunctionReference() throws Exception {
    try (TaskLog log = log(4)) {
      RunningInvocation running =
          executor(1).start(invocation(4, List.of("/no/such/tool", "x"), null), 1, log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).startsWith("command[0]: cannot run '/no/such/tool'");
              });
    }
  }

  @Test
  void argumentsArriveIntactAndAreNeverInterpreted() throws Exception {
    Path args =
        script(
            "args.sh",
            "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > args.txt\necho '{}' > output.json");
    List<String> tricky = List.of("two words", "$(touch pwned)", "; echo hi", "*", "'\"`", "");
    List<String> command = new ArrayList<>(List.of(args.toString()));
    command.addAll(tricky);
    try (TaskLog log = log(5)) {
      run(executor(1).start(invocation(5, command, null), 1, log));
    }
    Path dir = root.resolve("work/job-p/task-000005/attempt-1");
    assertThat(Files.readAllLines(dir.resolve("args.txt"))).containsExactlyElementsOf(tricky);
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  @Test
  void theWorkersEnvironmentDoesNotReachTheProcess() throws Exception {
    assertThat(System.getenv("FANOUT_TEST_SECRET")).as("set by surefire for this test").isNotNull();
    Path env = script("env.sh", "env > env.txt\necho '{}' > output.json");
    try (TaskLog log = log(6)) {
      run(
          executor(1)
              .start(invocation(6, List.of(env.toString()), null, Map.of("SAMPLE", "s1")), 1, log));
    }
    List<String> seen =
        Files.readAllLines(root.resolve("work/job-p/task-000006/attempt-1/env.txt"));
    assertThat(seen)
        .contains("SAMPLE=s1", "FANOUT_TASK_INDEX=6", "FANOUT_CPUS=1")
        .noneMatch(line -> line.startsWith("FANOUT_TEST_SECRET"));
  }

  @Test
  void theProcessIsToldHowManyCpusItHolds() throws Exception {
    Path env = script("cpus.sh", "echo \"{\\\"cpus\\\": $FANOUT_CPUS}\" > output.json");
    try (TaskLog log = log(7)) {
      JsonNode output =
          run(
              executor(3)
                  .start(
                      invocation(
                          7, List.of(env.toString()), new Resources(2, null, null, null), null),
                      1,
                      log));
      assertThat(output.path("cpus").asInt()).isEqualTo(2);
    }
  }

  @Test
  void walltimeKillsTheProcess() throws Exception {
    Path slow = script("slow.sh", "echo $$ > pid\nsleep 30");
    try (TaskLog log = log(7)) {
      RunningInvocation running =
          executor(1)
              .start(
                  invocation(
                      7,
                      List.of(slow.toString()),
                      new Resources(null, null, null, Duration.ofSeconds(1))),
                  1,
                  log);

      assertThatThrownBy(() -> run(running))
          .isInstanceOfSatisfying(
              InvocationException.class, e -> assertThat(e.type()).isEqualTo("Timeout"));
    }
    long pid =
        Long.parseLong(
            Files.readString(root.resolve("work/job-p/task-000007/attempt-1/pid")).trim());
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void cancelKillsChildrenAndGrandchildren() throws Exception {
    Path tree =
        script(
            "tree.sh",
            "sleep 300 &\necho $! > grandchild\nsh -c 'sleep 300' &\necho $! > child2\necho $$ > pid\nwait");
    Path dir = root.resolve("work/job-p/task-000008/attempt-1");
    try (TaskLog log = log(8)) {
      RunningInvocation running =
          executor(1).start(invocation(8, List.of(tree.toString()), null), 1, log);
      running.awaitOutput(Duration.ofMillis(100)); // takes the slot and starts it
      while (!Files.exists(dir.resolve("pid"))) {
        assertThat(running.awaitOutput(Duration.ofMillis(50))).isEmpty();
      }

      running.cancel();
    }
    for (String name : List.of("pid", "grandchild", "child2")) {
      long pid = Long.parseLong(Files.readString(dir.resolve(name)).trim());
      ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as(name).isEmpty();
    }
  }

  @Test
  void slotsBoundProcessesAcrossJobsWeightedByCpus() throws Exception {
    Path counter = root.resolve("running");
    Files.createDirectories(counter);
    Path busy =
        script(
            "busy.sh",
            "touch "
                + counter
                + "/$FANOUT_JOB_ID-$FANOUT_TASK_INDEX\n"
                + "n=$(ls "
                + counter
                + " | wc -l)\n"
                + "sleep 0.3\n"
                + "rm "
                + counter
                + "/$FANOUT_JOB_ID-$FANOUT_TASK_INDEX\n"
                + "echo \"{\\\"seen\\\": $n}\" > output.json");
    ProcessExecutor executor = executor(4);
    ExecutorService callers = Executors.newFixedThreadPool(12);
    try {
      List<Future<JsonNode>> results = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int index = i;
        // Half the invocations ask for 2 cpus: at most 2 of those, or 4 of the others, fit.
        Resources cpus = new Resources(i % 2 == 0 ? 2 : 1, null, null, null);
        results.add(
            callers.submit(
                () -> {
                  try (TaskLog log = log(100 + index)) {
                    return run(
                        executor.start(
                            invocation(100 + index, List.of(busy.toString()), cpus), 1, log));
                  }
                }));
      }
      int most = 0;
      for (Future<JsonNode> result : results) {
        most = Math.max(most, result.get().path("seen").asInt());
      }
      assertThat(most).isBetween(2, 4);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void waitingSubJobsGetTheSlotByPriorityAndACancelledOneGivesUpItsPlace() throws Exception {
    Path hold =
        script("hold.sh", "while [ ! -e release ]; do sleep 0.05; done\necho '{}' > output.json");
    Path quick = script("quick.sh", "echo '{}' > output.json");
    ProcessExecutor executor = executor(1);
    try (TaskLog log1 = log(20);
        TaskLog log2 = log(21);
        TaskLog log3 = log(22);
        TaskLog log4 = log(23)) {
      RunningInvocation holder =
          executor.start(invocation(20, List.of(hold.toString()), null), 1, log1);
      assertThat(holder.awaitOutput(Duration.ofMillis(200))).isEmpty(); // holds the one slot
      RunningInvocation low =
          executor.start(
              invocation(21, List.of(quick.toString()), null).withShare(new Share(5, "a", 1)),
              1,
              log2);
      RunningInvocation cancelled =
          executor.start(
              invocation(22, List.of(quick.toString()), null).withShare(new Share(1, "b", 1)),
              1,
              log3);
      RunningInvocation high =
          executor.start(
              invocation(23, List.of(quick.toString()), null).withShare(new Share(2, "b", 1)),
              1,
              log4);
      cancelled.cancel();
      Files.createFile(root.resolve("work/job-p/task-000020/attempt-1/release"));
      run(holder);

      assertThat(low.awaitOutput(Duration.ofMillis(300))).isEmpty();
      assertThat(low.executorId()).as("its turn is after high's").endsWith(":waiting");
      run(high);
      run(low);
    }
  }

  @Test
  void aRetryKillsTheProcessAnEarlierAttemptLeftBehind() throws Exception {
    Path slow = script("orphan.sh", "sleep 300");
    String executorId;
    ProcessHandle orphan;
    try (TaskLog log = log(9)) {
      RunningInvocation first =
          executor(1).start(invocation(9, List.of(slow.toString()), null), 1, log);
      first.awaitOutput(Duration.ofMillis(100));
      executorId = first.executorId();
      orphan =
          ProcessRun.Survivor.parse(executorId).flatMap(ProcessRun.Survivor::find).orElseThrow();
    }

    try (TaskLog log = log(9)) {
      assertThat(
              executor(1).reattach(invocation(9, List.of(slow.toString()), null), executorId, log))
          .isEmpty();
    }

    orphan.onExit().get(10, TimeUnit.SECONDS);
    assertThat(orphan.isAlive()).isFalse();
    assertThat(logLines(9))
        .anySatisfy(l -> assertThat(l).startsWith("killed process " + orphan.pid()));
  }

  @Test
  void moreCpusThanSlotsIsRefused() throws Exception {
    try (TaskLog log = log(10)) {
      assertThatThrownBy(
              () ->
                  executor(2)
                      .start(
                          invocation(10, List.of("true"), new Resources(3, null, null, null)),
                          1,
                          log))
          .hasMessage("resources.cpus: asks for 3 cpus; this worker has 2 slots");
    }
  }
}
