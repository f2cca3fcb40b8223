package dev.fanout.executor.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.Invocations;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.Resources;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.usage.ResourceSuggestion;
import dev.fanout.usage.ResourceUsage;
import dev.fanout.usage.UsageLog;
import dev.fanout.workflow.Invocation;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sbatch jobs on the single-node Slurm that scripts/slurm.sh starts (.ci/run does); the work
 * directories are on this machine's filesystem, which its one node shares.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlurmExecutorTest {

  private static final int THROTTLE = 5;

  @TempDir Path root;
  private SlurmExecutor executor;
  private SlurmSettings settings;
  private final List<TaskLog> openLogs = new ArrayList<>();

  @BeforeEach
  void needsSlurm() {
    String partition = System.getenv("FANOUT_SLURM_PARTITION");
    if (System.getenv("CI") != null) {
      assertThat(partition).as("CI must start Slurm (scripts/slurm.sh start)").isNotNull();
    }
    assumeTrue(partition != null, "set FANOUT_SLURM_PARTITION after scripts/slurm.sh start");
    settings = SlurmSettings.onPartition(partition, Duration.ofMillis(300), Duration.ZERO, 0);
    executor = executor(settings);
  }

  private SlurmExecutor executor(SlurmSettings settings) {
    return new SlurmExecutor(
        root.resolve("work"), settings, Invocations.input(root), new UsageLog(usageRoot()));
  }

  private Path usageRoot() {
    return root.resolve("usage");
  }

  /** Replaces the executor by one that submits waves as arrays, optionally through slurmrestd. */
  private void useArrays(int throttle, int maxArraySize, SlurmSettings.Rest rest) {
    executor.close();
    executor =
        executor(
            new SlurmSettings(
                List.of(),
                settings.partition(),
                null,
                null,
                null,
                SlurmSettings.ContainerRuntime.APPTAINER,
                settings.pollInterval(),
                settings.commandTimeout(),
                Duration.ofMillis(500),
                throttle,
                maxArraySize,
                rest));
  }

  /** Starts these attempts at once, as a page's window does, in the order given. */
  private List<RunningInvocation> startTogether(List<Invocation> invocations) throws Exception {
    ExecutorService starters = Executors.newFixedThreadPool(invocations.size());
    try {
      List<Future<RunningInvocation>> started = new ArrayList<>();
      for (Invocation invocation : invocations) {
        TaskLog log = log(invocation.taskIndex());
        openLogs.add(log);
        started.add(starters.submit(() -> executor.start(invocation, 1, log)));
      }
      List<RunningInvocation> running = new ArrayList<>();
      for (Future<RunningInvocation> future : started) {
        running.add(future.get());
      }
      return running;
    } finally {
      starters.shutdownNow();
    }
  }

  private static String slurmId(RunningInvocation running) {
    return SlurmRun.parse(running.executorId()).orElseThrow()[0];
  }

  /** The arrays these attempts are elements of ({@code ARRAYID_N}). */
  private static Set<String> arraysOf(List<RunningInvocation> started) {
    Set<String> arrays = new HashSet<>();
    for (RunningInvocation running : started) {
      String element = slurmId(running);
      assertThat(element).matches("\\d+_\\d+");
      arrays.add(element.substring(0, element.indexOf('_')));
    }
    return arrays;
  }

  @AfterEach
  void stop() throws Exception {
    if (executor != null) {
      executor.close();
    }
    for (TaskLog log : openLogs) {
      log.close();
    }
  }

  private static Invocation invocation(int index, List<String> command, Resources resources) {
    FunctionRef function = FunctionRef.command("slurm", command).withResources(resources);
    return Invocation.task(
        "job-s", index, "key " + index, function, Json.MAPPER.createObjectNode().put("i", index));
  }

  private TaskLog log(int index) throws Exception {
    return new LogStore(root.resolve("logs")).open("job-s", "task-" + index);
  }

  private List<String> logLines(int index) {
    return Invocations.lines(new LogStore(root.resolve("logs")), "job-s", "task-" + index);
  }

  @Test
  void runsTheCommandAsABatchJobAndReadsItsOutput() throws Exception {
    // A word that would be code if it ever reached the script unquoted.
    String hostile = "it's; $(touch pwned) `id` \"$HOME\"";
    Invocation invocation =
        invocation(
            1,
            List.of(
                "sh",
                "-c",
                "grep -q '\"i\":1' input.json && printf '{\"arg\": \"%s\", \"cpus\": %s}'"
                    + " \"$(echo \"$1\" | sed 's/\"/\\\\\"/g')\" \"$SLURM_CPUS_PER_TASK\""
                    + " > output.json && echo done on $SLURMD_NODENAME",
                "sh",
                hostile),
            new Resources(2, 300, null, Duration.ofMinutes(2)));

    JsonNode output;
    try (TaskLog log = log(1)) {
      output = Invocations.runToEnd(executor.start(invocation, 1, log));
    }

    assertThat(output.path("arg").asText()).isEqualTo(hostile);
    assertThat(output.path("cpus").asInt()).isEqualTo(2);
    assertThat(logLines(1)).anySatisfy(l -> assertThat(l).contains("submitted Slurm job"));
    assertThat(logLines(1)).anySatisfy(l -> assertThat(l).contains("done on"));
    assertThat(root.resolve("work/job-s/task-000001/attempt-1/pwned")).doesNotExist();
  }

  @Test
  void aNonZeroExitIsTheSubJobsFailureWithItsCodeAndLastLines() throws Exception {
    Invocation invocation =
        invocation(2, List.of("sh", "-c", "echo 'bad sample' >&2; exit 7"), null);

    try (TaskLog log = log(2)) {
      RunningInvocation running = executor.start(invocation, 1, log);
      assertThatThrownBy(() -> Invocations.runToEnd(running))
          .isInstanceOf(InvocationException.class)
          .hasMessageContaining("exit code 7")
          .hasMessageContaining("bad sample");
    }
    assertThat(recorded(invocation)).extracting(ResourceUsage::outcome).containsExactly("FAILED");
  }

  private List<ResourceUsage> recorded(Invocation invocation) {
    return new UsageLog(usageRoot()).runs(invocation.function().describe());
  }

  @Test
  void eachSubJobRecordsWhatItAskedForAndWhatItUsed() throws Exception {
    Resources asked = new Resources(1, 200, null, Duration.ofMinutes(2));
    Invocation invocation =
        invocation(
            6,
            List.of(
                "sh",
                "-c",
                "dd if=/dev/zero of=/dev/null bs=40M count=1 2>/dev/null; echo '{}' > output.json"),
            asked);

    try (TaskLog log = log(6)) {
      Invocations.runToEnd(executor.start(invocation, 1, log));
    }

    assertThat(recorded(invocation))
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.outcome()).isEqualTo(ResourceUsage.COMPLETED);
              assertThat(run.requested()).isEqualTo(asked);
              assertThat(run.jobId()).isEqualTo("job-s");
              assertThat(run.taskIndex()).isEqualTo(6);
              assertThat(run.maxRssMb()).as("dd's 40 MiB buffer").isBetween(40, 200);
              assertThat(run.elapsedSeconds()).isNotNull().isLessThan(60.0);
              assertThat(run.cpuPercent()).isNotNull();
            });
  }

  @Test
  void anAutoSizedSubJobAsksWhatItsFunctionsRecordedRunsSuggest() throws Exception {
    FunctionRef function =
        new FunctionRef(
            "slurm",
            null,
            null,
            List.of(
                "sh",
                "-c",
                "echo \"{\\\"cpus\\\": $SLURM_CPUS_PER_TASK, \\\"mem\\\": $SLURM_MEM_PER_NODE}\""
                    + " > output.json"),
            null,
            null,
            null,
            null,
            new Resources(1, 100, null, Duration.ofMinutes(1), true),
            "sized");
    UsageLog usage = new UsageLog(usageRoot());
    for (int i = 0; i < ResourceSuggestion.MIN_MEASURED; i++) {
      // Earlier runs kept 1.8 cores busy for 100 s and peaked at 300 MiB.
      usage.record(
          new ResourceUsage(
              Instant.now(),
              function.describe(),
              "job-earlier",
              i,
              function.resources(),
              ResourceUsage.COMPLETED,
              100.0,
              300,
              180));
    }
    Invocation invocation =
        Invocation.task("job-s", 7, "k", function, Json.MAPPER.createObjectNode());

    JsonNode output;
    try (TaskLog log = log(7)) {
      output = Invocations.runToEnd(executor.start(invocation, 1, log));
    }

    assertThat(output.path("cpus").asInt()).isEqualTo(2);
    assertThat(output.path("mem").asInt()).as("300 MiB + 25%, in 64 MiB steps").isEqualTo(384);
    assertThat(root.resolve("work/job-s/task-000007/attempt-1/" + SlurmExecutor.SCRIPT))
        .content()
        .contains("#SBATCH --time=3\n");
    assertThat(logLines(7)).anySatisfy(l -> assertThat(l).contains("auto-sized"));
  }

  @Test
  void anAutoSizedJobWithoutEnoughRecordedRunsAsksWhatItsSpecSays() throws Exception {
    for (int index = 8; index <= 9; index++) {
      // Each sub-job's spec is its own copy, as when the activity decodes it.
      FunctionRef function =
          new FunctionRef(
              "slurm",
              null,
              null,
              List.of("sh", "-c", "echo '{}' > output.json"),
              null,
              null,
              null,
              null,
              new Resources(1, 100, null, Duration.ofMinutes(1), true),
              "unsized");
      Invocation invocation =
          Invocation.task("job-s", index, "k", function, Json.MAPPER.createObjectNode());
      try (TaskLog log = log(index)) {
        Invocations.runToEnd(executor.start(invocation, 1, log));
      }

      assertThat(logLines(index)).noneSatisfy(l -> assertThat(l).contains("auto-sized"));
      assertThat(
              root.resolve(
                  "work/job-s/" + invocation.logName() + "/attempt-1/" + SlurmExecutor.SCRIPT))
          .content()
          .contains("#SBATCH --mem=100M\n", "#SBATCH --time=1\n");
    }
  }

  @Test
  void aWaveOfSubJobsIsOneJobArrayThrottledAsConfigured() throws Exception {
    useArrays(THROTTLE, SlurmSettings.DEFAULT_MAX_ARRAY_SIZE, null);
    String timed =
        "start=$(date +%s%N); sleep 1; end=$(date +%s%N);"
            + " printf '{\"start\": %s, \"end\": %s}' $start $end > output.json";
    List<Invocation> wave = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      wave.add(invocation(10 + i, List.of("sh", "-c", timed), null));
    }

    List<RunningInvocation> started = startTogether(wave);

    List<double[]> intervals = new ArrayList<>();
    for (RunningInvocation running : started) {
      JsonNode output = Invocations.runToEnd(running);
      intervals.add(new double[] {output.path("start").asDouble(), output.path("end").asDouble()});
    }
    assertThat(arraysOf(started)).as("one sbatch for the whole wave").hasSize(1);
    assertThat(Invocations.mostAtOnce(intervals))
        .as("the %" + THROTTLE + " throttle, seen from inside")
        .isBetween(2, THROTTLE);
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void aJobPastItsWalltimeIsATimeout() throws Exception {
    // Slurm counts whole minutes and checks limits every half minute or so: this takes 1-2 min.
    Invocation invocation =
        invocation(5, List.of("sleep", "600"), new Resources(1, 100, null, Duration.ofMinutes(1)));

    try (TaskLog log = log(5)) {
      RunningInvocation running = executor.start(invocation, 1, log);
      assertThatThrownBy(() -> Invocations.runToEnd(running))
          .isInstanceOf(InvocationException.class)
          .hasMessageContaining("ran past its walltime")
          .satisfies(e -> assertThat(((InvocationException) e).type()).isEqualTo("Timeout"));
    }
    assertThat(recorded(invocation))
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.outcome()).isEqualTo(ResourceUsage.TIMEOUT);
              assertThat(run.requested().walltime()).isEqualTo(Duration.ofMinutes(1));
            });
  }

  @Test
  void cancelStopsTheJobInSlurm() throws Exception {
    Invocation invocation = invocation(3, List.of("sleep", "120"), null);
    RunningInvocation running;
    String jobId;
    try (TaskLog log = log(3)) {
      running = executor.start(invocation, 1, log);
      jobId = SlurmRun.parse(running.executorId()).orElseThrow()[0];
      SlurmCli cli = new SlurmCli(List.of(), settings.commandTimeout());
      awaitState(cli, jobId, "RUNNING");
      running.cancel();
      awaitState(cli, jobId, "CANCELLED");
    }
    assertThat(logLines(3)).anySatisfy(l -> assertThat(l).contains("cancelled Slurm job"));
  }

  @Test
  void aWaveLargerThanTheClustersMaxArraySizeIsSplit() throws Exception {
    useArrays(0, 2, null);
    List<Invocation> wave = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      wave.add(invocation(40 + i, List.of("sh", "-c", "echo '{}' > output.json"), null));
    }

    List<RunningInvocation> started = startTogether(wave);

    assertThat(arraysOf(started)).hasSize(3);
    assertThat(started)
        .extracting(SlurmExecutorTest::slurmId)
        .allMatch(id -> id.matches("\\d+_[01]"));
    for (RunningInvocation running : started) {
      assertThat(Invocations.runToEnd(running).isObject()).isTrue();
    }
  }

  @Test
  void cancellingTheSubJobsOfARunningArrayCancelsEachElement() throws Exception {
    useArrays(0, SlurmSettings.DEFAULT_MAX_ARRAY_SIZE, null);
    List<Invocation> wave = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      wave.add(invocation(20 + i, List.of("sleep", "120"), null));
    }

    List<RunningInvocation> started = startTogether(wave);

    assertThat(arraysOf(started)).hasSize(1);
    SlurmCli cli = new SlurmCli(List.of(), settings.commandTimeout());
    for (RunningInvocation running : started) {
      awaitState(cli, slurmId(running), "RUNNING");
      running.cancel();
    }
    for (RunningInvocation running : started) {
      awaitState(cli, slurmId(running), "CANCELLED");
    }
  }

  /** The REST API that scripts/slurm.sh rest starts, with a token made for this test. */
  private SlurmSettings.Rest restApi() throws Exception {
    String url = System.getenv("FANOUT_TEST_SLURM_REST");
    if (System.getenv("CI") != null) {
      assertThat(url).as("CI must start slurmrestd (scripts/slurm.sh rest)").isNotNull();
    }
    assumeTrue(url != null, "set FANOUT_TEST_SLURM_REST after scripts/slurm.sh rest");
    String user = System.getProperty("user.name");
    Process token =
        new ProcessBuilder("scontrol", "token", "username=" + user, "lifespan=900")
            .redirectErrorStream(true)
            .start();
    String printed = new String(token.getInputStream().readAllBytes()).strip();
    assertThat(token.waitFor()).as(printed).isZero();
    Path file = root.resolve("slurm.jwt");
    Files.writeString(file, printed); // as printed: SLURM_JWT=...
    return new SlurmSettings.Rest(URI.create(url), user, file);
  }

  @Test
  void throughSlurmrestdAWaveIsOneArrayWithItsResourcesAndExitCodes() throws Exception {
    useArrays(2, SlurmSettings.DEFAULT_MAX_ARRAY_SIZE, restApi());
    List<Invocation> wave = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // What slurmd gave the job: sbatch's own SLURM_* variables do not come with REST.
      String cpus = "printf '{\"cpus\": %s}' \"$SLURM_CPUS_ON_NODE\" > output.json";
      wave.add(invocation(30 + i, List.of("sh", "-c", cpus), new Resources(2, 200, null, null)));
    }
    // The last one fails: its exit code must come back through the same path.
    wave.add(
        invocation(
            33,
            List.of("sh", "-c", "echo 'no reads' >&2; exit 5"),
            new Resources(2, 200, null, null)));

    List<RunningInvocation> started = startTogether(wave);

    assertThat(arraysOf(started)).as("one submission for the wave").hasSize(1);
    for (RunningInvocation running : started.subList(0, 3)) {
      assertThat(Invocations.runToEnd(running).path("cpus").asInt()).isEqualTo(2);
    }
    assertThatThrownBy(() -> Invocations.runToEnd(started.get(3)))
        .hasMessageContaining("exit code 5")
        .hasMessageContaining("no reads");
  }

  @Test
  void throughSlurmrestdASubJobOnNodesRunsItsCommandAsAStep() throws Exception {
    useArrays(2, SlurmSettings.DEFAULT_MAX_ARRAY_SIZE, restApi());
    String step =
        "printf '{\"nodes\": %s, \"step\": \"%s\"}' \"$SLURM_NNODES\" \"$SLURM_STEP_ID\" > output.json";
    Invocation onNodes =
        invocation(
            40,
            List.of("sh", "-c", step),
            new Resources(1, 100, null, Duration.ofMinutes(2), null, 1));

    JsonNode output = Invocations.runToEnd(startTogether(List.of(onNodes)).get(0));

    assertThat(output.path("nodes").asInt()).isEqualTo(1);
    assertThat(output.path("step").asText()).as("launched by srun").isEqualTo("0");
  }

  @Test
  void slurmrestdReportsPendingElementsExitCodesAndCancels() throws Exception {
    SlurmRest rest = new SlurmRest(restApi(), settings.commandTimeout());
    Path script = root.resolve("probe.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n#SBATCH --job-name=fanout-probe\n#SBATCH --output="
            + root
            + "/probe-%a.out\n#SBATCH --time=1\n#SBATCH --array=0-2%1\nsleep 1; exit 3\n");
    String array = rest.submit(script);
    List<String> elements = List.of(array + "_0", array + "_1", array + "_2");

    assertThat(rest.statuses(elements))
        .as("elements not yet started are listed under the array's own record")
        .containsKeys(array + "_1", array + "_2");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Map<String, SlurmControl.Status> statuses = rest.statuses(elements);
    while (!statuses.values().stream().allMatch(s -> s.meaning().ended())
        && System.nanoTime() < deadline) {
      Thread.sleep(300);
      statuses = rest.statuses(elements);
    }
    assertThat(statuses.values())
        .hasSize(3)
        .allSatisfy(
            s -> {
              assertThat(s.state()).isEqualTo("FAILED");
              assertThat(s.exitCode()).isEqualTo(3);
            });

    Files.writeString(
        script,
        "#!/bin/sh\n#SBATCH --job-name=fanout-probe\n#SBATCH --output="
            + root
            + "/long.out\n#SBATCH --time=2\nsleep 60\n");
    String job = rest.submit(script);
    rest.cancel(job);
    awaitState(rest, job, "CANCELLED");
  }

  @Test
  void aRetriedAttemptReattachesToTheJobAnEarlierOneSubmitted() throws Exception {
    Invocation invocation =
        invocation(4, List.of("sh", "-c", "sleep 2; echo '{\"late\": true}' > output.json"), null);
    String executorId;
    try (TaskLog log = log(4)) {
      executorId = executor.start(invocation, 1, log).executorId();
    }
    executor.close(); // the worker "crashes"; a new one takes the retry
    executor = executor(settings);

    Optional<RunningInvocation> adopted;
    try (TaskLog log = log(4)) {
      adopted = executor.reattach(invocation, executorId, log);
      assertThat(adopted).isPresent();
      assertThat(Invocations.runToEnd(adopted.get()).path("late").asBoolean()).isTrue();
    }
    assertThat(executor.reattach(invocation, "slurm:999999:/nowhere", null)).isEmpty();
  }

  @Test
  void aRetryAfterAFailureRunsAgainInsteadOfCollectingTheSameEnd() throws Exception {
    Invocation invocation = invocation(70, List.of("sh", "-c", "exit 7"), null);
    String executorId;
    try (TaskLog log = log(70)) {
      RunningInvocation running = executor.start(invocation, 1, log);
      executorId = running.executorId();
      assertThatThrownBy(() -> Invocations.runToEnd(running)).hasMessageContaining("exit code 7");
    }

    try (TaskLog log = log(70)) {
      assertThat(executor.reattach(invocation, executorId, log))
          .as("the failed attempt reported its end: the retry must run the sub-job again")
          .isEmpty();
    }
  }

  @Test
  void aJobSlurmNoLongerKnowsEndsWithTheExitCodeItWrote() throws Exception {
    // As an attempt finds it after a worker was down for longer than Slurm keeps finished jobs.
    Path dir = Files.createDirectories(root.resolve("work/job-s/task-000071/attempt-1"));
    Files.writeString(dir.resolve(JobScript.EXIT_CODE), "0\n");
    Files.writeString(dir.resolve("output.json"), "{\"ran\": \"long ago\"}");
    Invocation invocation = invocation(71, List.of("true"), null);

    try (TaskLog log = log(71)) {
      Optional<RunningInvocation> adopted =
          executor.reattach(invocation, "slurm:999999999:" + dir, log);
      assertThat(adopted).isPresent();
      // squeue, scontrol and sacct each say they know no such job: then the code it wrote counts.
      assertThat(Invocations.runToEnd(adopted.get()).path("ran").asText()).isEqualTo("long ago");
    }
    assertThat(dir.resolve(SlurmRun.COLLECTED)).hasContent("gone");
  }

  private static void awaitState(SlurmControl cli, String jobId, String state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String seen = null;
    while (System.nanoTime() < deadline) {
      seen = cli.record(jobId).map(SlurmControl.Status::state).orElse(null);
      if (state.equals(seen)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Slurm job " + jobId + " never " + state + "; last " + seen);
  }
}
