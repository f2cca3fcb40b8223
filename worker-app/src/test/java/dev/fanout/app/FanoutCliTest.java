package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.lambda.LambdaEndpoint;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.job.Json;
import dev.fanout.job.Resources;
import dev.fanout.logs.LogStore;
import dev.fanout.usage.ResourceUsage;
import dev.fanout.usage.UsageLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The CLI as a user runs it, through the same command line Main executes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FanoutCliTest {

  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  @TempDir static Path home;
  private static TemporalSession devServer;

  record Outcome(int exitCode, String out, String err) {}

  /** A server on a free loopback port with all workers, as `fanout dev` runs it. */
  @BeforeAll
  static void startDevServer() {
    devServer =
        TemporalSession.embedded(EmbeddedTemporal.onLoopback(0), "default")
            .serve(
                new FanoutWorkers.Config(
                    FanoutWorkers.POOLS,
                    new LogStore(home.resolve("logs")),
                    new FileBlobStore(home.resolve("blobs")),
                    Handlers.discover(),
                    100,
                    new FanoutWorkers.Executors(
                        home.resolve("work"),
                        2,
                        "unix:///var/run/docker.sock",
                        null,
                        LambdaExecutor.Limits.DEFAULT,
                        FanoutWorkers.DEFAULT_ACTIVITY_SLOTS,
                        SlurmSettings.DEFAULT,
                        new UsageLog(home.resolve("usage"))),
                    new SimpleMeterRegistry()));
  }

  @AfterAll
  static void stopDevServer() throws Exception {
    devServer.close();
  }

  /** Commands that talk to a Temporal server; these get the test's dev server. */
  private static final java.util.Set<String> CONNECTING =
      java.util.Set.of(
          "submit", "status", "tasks", "cancel", "result", "history", "worker", "jobs", "redrive");

  private static Outcome fanout(String... args) {
    return fanoutAt(devServer.address(), args);
  }

  /** The command against the Temporal server at {@code address}. */
  private static Outcome fanoutAt(String address, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FanoutCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    java.util.List<String> line = new java.util.ArrayList<>(java.util.List.of(args));
    line.add("--home=" + home);
    if (CONNECTING.contains(args[0])) {
      line.add("--temporal=" + address);
    }
    int code = cli.execute(line.toArray(String[]::new));
    return new Outcome(code, out.toString(), err.toString());
  }

  /** The demo spec with its FASTA path made absolute, since tests run in the module folder. */
  private static Path demoSpec(Path dir) throws IOException {
    ObjectNode spec =
        (ObjectNode) Json.MAPPER.readTree(EXAMPLES.resolve("gc-content.json").toFile());
    ((ObjectNode) spec.get("input"))
        .put("fasta", EXAMPLES.resolve("demo/contigs.fasta").toString());
    Path file = dir.resolve("gc-content.json");
    Files.writeString(file, spec.toString());
    return file;
  }

  private static Path spec(Path dir, String json) throws IOException {
    Path file = dir.resolve("spec.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void runPrintsTheDemosMergedTable(@TempDir Path dir) throws Exception {
    Outcome run = fanout("run", demoSpec(dir).toString(), "--id", "demo-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("GC %   contigs  mean length  top k-mers")
        .contains("2000 contigs from 20 sub-jobs, in 5% GC bins");
    assertThat(run.err())
        .contains("job demo-run")
        .contains("SUCCEEDED 20/20 done, 0 running, 0 failed");
    Outcome logs = fanout("logs", "demo-run", "--task", "mapper");
    assertThat(logs.out()).contains("INFO ").contains("2000 contigs, 100 per sub-job");

    Outcome resumed = fanout("run", "--resume", demoSpec(dir).toString(), "--id", "demo-resumed");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).as("the reducer got the same outputs").isEqualTo(run.out());
    assertThat(resumed.err()).contains("SUCCEEDED 20/20 done, 0 running, 0 failed, 20 cached");

    Outcome clean = fanout("clean", "demo-run");
    assertThat(clean.out())
        .as(
            "its sub-job pages, results, manifest, journal, the outputs too large to travel, its"
                + " cache entries: 20 sub-jobs', its mapper's and its reducer's")
        .isEqualTo(
            "removed 22 log(s), 0 work file(s), 24 blob(s) and 22 cache entries of demo-run\n");
    assertThat(fanout("logs", "demo-run").err()).startsWith("error: no logs for job 'demo-run'");
  }

  @Test
  void runPrintsTheSameTableWithSeqkitAsAProcessSubJob(@TempDir Path dir) throws Exception {
    requireTool("seqkit");
    ObjectNode spec =
        (ObjectNode) Json.MAPPER.readTree(EXAMPLES.resolve("gc-content-seqkit.json").toFile());
    ((ObjectNode) spec.get("input"))
        .put("fasta", EXAMPLES.resolve("demo/contigs.fasta").toString());
    ((ObjectNode) spec.get("task"))
        .putArray("command")
        .add(EXAMPLES.resolve("process/gc_seqkit.py").toString());
    Path file = dir.resolve("seqkit.json");
    Files.writeString(file, spec.toString());

    Outcome run = fanout("run", file.toString(), "--id", "seqkit-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("30-35  436      726")
        .contains("65-70  412      706")
        .contains("2000 contigs from 20 sub-jobs");
    assertThat(fanout("logs", "seqkit-run", "--task", "0").out())
        .contains("stdout ")
        .contains("exited with 0");
  }

  @Test
  void runFansOutToLambdaFunctions(@TempDir Path dir) throws Exception {
    URI endpoint = LambdaEndpoint.endpoint();
    ObjectNode spec =
        (ObjectNode) Json.MAPPER.readTree(EXAMPLES.resolve("gc-content-lambda.json").toFile());
    ((ObjectNode) spec.get("input"))
        .put("fasta", EXAMPLES.resolve("demo/contigs.fasta").toString());
    Path file = dir.resolve("lambda.json");
    Files.writeString(file, spec.toString());

    Outcome run =
        fanout(
            "run", file.toString(), "--id", "lambda-run", "--lambda-endpoint", endpoint.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("30-35  436      726          ATAA TAAA AAAT")
        .contains("2000 contigs from 20 sub-jobs");
  }

  @Test
  void replayChecksRecordedHistoriesAgainstTheCode(@TempDir Path dir) throws Exception {
    Path histories = Path.of("src/test/resources/histories");
    Path good = histories.resolve("window-with-reducer.json");
    // A history whose sub-jobs were scheduled as another activity type: what an incompatible
    // change of the workflow looks like to the jobs recorded before it.
    Path changed = dir.resolve("changed.json");
    Files.writeString(
        changed, Files.readString(good).replace("\"name\": \"Invoke\"", "\"name\": \"InvokeV0\""));

    Outcome ok =
        fanout("replay", good.toString(), histories.resolve("zero-sub-jobs.json").toString());
    Outcome broken = fanout("replay", good.toString(), changed.toString());

    assertThat(ok.exitCode()).as(ok.out()).isZero();
    assertThat(ok.out().lines()).hasSize(2).allMatch(l -> l.startsWith("ok      "));
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.out()).contains("BROKEN  " + changed).contains("NonDeterministic");
  }

  /** A tool the test needs: skipped without it on a developer's machine, never in CI. */
  static void requireTool(String tool) {
    boolean present =
        java.util.stream.Stream.of(System.getenv("PATH").split(":"))
            .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    if (System.getenv("CI") != null) {
      assertThat(present).as(tool + " must be installed in CI (.ci/run installs it)").isTrue();
    }
    assumeTrue(present, tool + " is not installed; skipping");
  }

  @Test
  void anInvalidSpecIsOneClearErrorPerFieldAndExitCode2(@TempDir Path dir) throws Exception {
    Path file =
        spec(dir, "{\"mapper\": {\"executor\": \"java\"}, \"task\": {}, \"maxParallel\": 0}");

    Outcome run = fanout("run", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: "
                + file
                + ": invalid job spec:\n"
                + "  mapper.handler: is required for executor 'java': the name of a registered"
                + " handler\n"
                + "  task.executor: is required; expected one of docker, java, lambda, process, slurm\n"
                + "  maxParallel: must be between 1 and 2000, was 0\n");
    assertThat(fanout("run", dir.resolve("nope.json").toString()).err())
        .isEqualTo(
            "error: "
                + dir.resolve("nope.json")
                + ": no such file (expected a job spec in JSON)\n");
  }

  static List<BadSpecs.Case> badSpecs() throws IOException {
    return BadSpecs.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void aBadSpecIsOneLineNamingItsFieldAndExitCode2BySubmitAndRun(BadSpecs.Case bad) {
    for (String command : List.of("submit", "run")) {
      Outcome outcome = fanout(command, bad.file().toString());

      assertThat(outcome.exitCode()).as(command + ": " + outcome.err()).isEqualTo(2);
      assertThat(outcome.err())
          .as(command)
          .isEqualTo("error: " + bad.file() + ": invalid job spec: " + bad.expected() + "\n");
    }
  }

  @Test
  void submitStatusTasksLogsHistoryAndResultAgainstADevServer(@TempDir Path dir) throws Exception {
    Path file =
        spec(
            dir,
            "{\"owner\": \"alice\", \"mapper\": {\"executor\": \"java\", \"handler\": \"count\"},"
                + " \"task\": {\"executor\": \"java\", \"handler\": \"noop\"},"
                + " \"input\": {\"subJobs\": 5, \"params\": {\"x\": 1}}}");

    Outcome submit =
        fanout("submit", file.toString(), "--id", "cli-job", "--wait", "--format", "json");
    assertThat(submit.exitCode()).as(submit.err()).isZero();
    assertThat(submit.out()).startsWith("cli-job\n").contains("\"succeeded\" : 5");

    assertThat(fanout("status", "cli-job").out())
        .startsWith("cli-job (alice): SUCCEEDED 5/5 done, 0 running, 0 failed");
    Outcome tasks = fanout("tasks", "cli-job", "--state", "SUCCEEDED", "--limit", "2");
    assertThat(tasks.out())
        .contains("n0")
        .contains("n1")
        .doesNotContain("n2")
        .contains("sub-jobs 0-2 of 5");
    assertThat(fanout("logs", "cli-job").out().lines()).contains("mapper", "task-000004");
    assertThat(fanout("logs", "cli-job", "--task", "4").out()).contains("attempt 1 of java:noop");
    Outcome history = fanout("history", "cli-job");
    assertThat(Json.MAPPER.readTree(history.out()).path("events").size()).isGreaterThan(10);
    assertThat(fanout("result", "cli-job").out().lines())
        .as("no reducer: the results manifest, a line per sub-job")
        .hasSize(5)
        .last()
        .asString()
        .contains("\"key\":\"n4\"");
  }

  /**
   * Jobs the CLI submits are on the owner's ledger, as the API's are: {@code jobs} lists them and
   * {@code redrive} runs again what failed, linked both ways.
   */
  @Test
  void jobsListsWhatTheCliSubmittedAndRedriveRunsAgainWhatFailed(@TempDir Path dir)
      throws Exception {
    Path ran = dir.resolve("ran");
    // n1 fails on its first run only: the redrive's one sub-job succeeds.
    String failOnce =
        "test \\\"$FANOUT_TASK_KEY\\\" != n1 || test -e "
            + ran
            + " || { touch "
            + ran
            + "; exit 3; }; echo {} > \\\"$FANOUT_WORK_DIR/output.json\\\"";
    Path file =
        spec(
            dir,
            "{\"mapper\": {\"executor\": \"java\", \"handler\": \"count\"},"
                + " \"task\": {\"executor\": \"process\", \"command\": [\"sh\", \"-c\", \""
                + failOnce
                + "\"]},"
                + " \"retry\": {\"maxAttempts\": 1}, \"failurePolicy\": {\"toleratedFailures\": 1},"
                + " \"input\": {\"subJobs\": 3}}");
    Outcome submit = fanout("submit", file.toString(), "--owner", "erin", "--id", "erins-first");
    assertThat(submit.exitCode()).as(submit.err()).isZero();
    assertThat(fanout("result", "erins-first").out().lines()).hasSize(3);

    Outcome unknown = fanout("redrive", "no-such-job");
    assertThat(unknown.exitCode()).isEqualTo(2);
    Outcome redrive = fanout("redrive", "erins-first");
    assertThat(redrive.exitCode()).as(redrive.err()).isZero();
    String again = redrive.out().strip();
    assertThat(again).startsWith("erin-");
    Outcome result = fanout("result", again);
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().lines())
        .as("only the sub-job that failed runs again")
        .singleElement()
        .asString()
        .contains("\"key\":\"n1\"", "\"state\":\"SUCCEEDED\"");

    Outcome json = fanout("jobs", "--owner", "erin", "--format", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode listed = Json.MAPPER.readTree(json.out());
    assertThat(listed.findValuesAsText("jobId"))
        .as("newest first")
        .containsExactly(again, "erins-first");
    assertThat(listed.get(0).path("redriveOf").asText()).isEqualTo("erins-first");
    assertThat(listed.get(0).path("phase").asText()).isEqualTo("SUCCEEDED");
    assertThat(listed.get(1).path("counts").path("failed").asInt()).isEqualTo(1);
    assertThat(listed.get(1).path("counts").path("succeeded").asInt()).isEqualTo(2);

    Outcome text = fanout("jobs", "--owner", "erin", "--state", "SUCCEEDED", "--limit", "1");
    assertThat(text.out())
        .containsPattern(again + " +\\S+ +SUCCEEDED +\\d+ +1/1 +0 +0 +erins-first\n")
        .doesNotContain("erins-first +")
        .endsWith("1 job(s) of erin\n");
    assertThat(fanout("jobs", "--owner", "nobody").out()).isEqualTo("0 job(s) of nobody\n");

    Outcome cancelEnded = fanout("cancel", "erins-first");
    assertThat(cancelEnded.exitCode()).isEqualTo(2);
    assertThat(cancelEnded.err()).startsWith("error: job 'erins-first' has ended: ");

    Outcome nothingLeft = fanout("redrive", again);
    assertThat(nothingLeft.exitCode()).isEqualTo(2);
    assertThat(nothingLeft.err()).isEqualTo("error: every sub-job of '" + again + "' succeeded\n");
  }

  @Test
  void aMapperThatFindsItsInputAtFaultFailsAtOnceWithoutRetries(@TempDir Path dir)
      throws Exception {
    Path file = demoSpec(dir);
    ObjectNode spec = (ObjectNode) Json.MAPPER.readTree(file.toFile());
    Path missing = dir.resolve("missing.fasta");
    ((ObjectNode) spec.get("input")).put("fasta", missing.toString());
    Files.writeString(file, spec.toString());

    Outcome run = fanout("run", file.toString(), "--id", "no-fasta");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .endsWith(
            "error: job no-fasta failed: MapperFailed: mapper failed: InvalidInput: input.fasta:"
                + " no such file "
                + missing
                + "\n");
    assertThat(fanout("logs", "no-fasta", "--task", "mapper").out().lines())
        .as("one attempt: the spec's retry policy gives it three, with 10 s between")
        .filteredOn(line -> line.contains(" attempt "))
        .hasSize(1);
  }

  @Test
  void aMapperBeingRetriedShowsItsFailedAttemptsInStatusAndTasks(@TempDir Path dir)
      throws Exception {
    Path file =
        spec(
            dir,
            "{\"mapper\": {\"executor\": \"process\", \"command\": [\"sh\", \"-c\","
                + " \"echo scratch disk full; exit 3\"]},"
                + " \"task\": {\"executor\": \"java\", \"handler\": \"noop\"},"
                + " \"retry\": {\"maxAttempts\": 3, \"initialInterval\": \"PT1M\"}}");
    assertThat(fanout("submit", file.toString(), "--id", "flaky-mapper").exitCode()).isZero();
    String expected =
        "mapper failed 1 of 3 attempts, retrying; last: NonZeroExit: exit code 3; last output:"
            + " ...";

    Outcome status;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      Thread.sleep(100);
      status = fanout("status", "flaky-mapper");
    } while (!status.out().contains("retrying") && System.nanoTime() < deadline);

    assertThat(status.out())
        .startsWith(
            "flaky-mapper ("
                + System.getProperty("user.name")
                + "): MAPPING 0/0 done, 0 running, 0 failed; "
                + expected
                + "\n");
    assertThat(fanout("tasks", "flaky-mapper").out()).startsWith(expected + "\n");
    assertThat(fanout("cancel", "flaky-mapper").exitCode()).isZero();
  }

  @Test
  void aJobNoWorkflowWorkerAnswersIsOneLineAndExitCode3(@TempDir Path dir) throws Exception {
    try (TemporalSession idle =
        TemporalSession.embedded(EmbeddedTemporal.onLoopback(0), "default")) {
      Outcome submit =
          fanoutAt(idle.address(), "submit", demoSpec(dir).toString(), "--id", "unserved");

      assertThat(submit.exitCode())
          .as("the owner's ledger admits a job: a worker runs it")
          .isEqualTo(3);
      assertThat(submit.err())
          .isEqualTo(
              "error: the ledger of demo did not answer within 30 s: is a workflow worker"
                  + " running?\n");
    }
  }

  @Test
  void cancelStopsARunningJob(@TempDir Path dir) throws Exception {
    Path file =
        spec(
            dir,
            "{\"mapper\": {\"executor\": \"java\", \"handler\": \"count\"},"
                + " \"task\": {\"executor\": \"java\", \"handler\": \"sleep\"},"
                + " \"input\": {\"subJobs\": 3, \"params\": {\"millis\": 600000}}}");
    assertThat(fanout("submit", file.toString(), "--id", "to-cancel").exitCode()).isZero();
    // Cancel once the sub-jobs run: the embedded test server can wedge a job whose cancel races
    // an activity's completion (temporalio/sdk-java#2391); a real cluster does not.
    while (!fanout("status", "to-cancel").out().contains("3 running")) {
      Thread.sleep(50);
    }

    Outcome again = fanout("submit", file.toString(), "--id", "to-cancel");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err())
        .isEqualTo("error: job 'to-cancel' is running already: choose another id\n");

    Outcome cancel = fanout("cancel", "to-cancel");
    Outcome result = fanout("result", "to-cancel");

    assertThat(cancel.out()).isEqualTo("cancel requested for to-cancel\n");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("error: job to-cancel was cancelled\n");
  }

  @Test
  void unknownJobsAndPoolsAreNamed() {
    Outcome status = fanout("status", "no-such-job");
    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.err())
        .isEqualTo("error: no job 'no-such-job' on this Temporal server and namespace\n");
    Outcome worker = fanout("worker", "--queues", "workflows,gpu");
    assertThat(worker.exitCode()).isEqualTo(2);
    assertThat(worker.err()).startsWith("error: --queues: unknown pool 'gpu'");
    Outcome rest =
        fanout(
            "worker",
            "--queues",
            "slurm",
            "--slurm-rest",
            "http://127.0.0.1:6820",
            "--slurm-rest-token-file",
            "/nonexistent/slurm.jwt");
    assertThat(rest.exitCode()).isEqualTo(2);
    assertThat(rest.err())
        .isEqualTo("error: --slurm-rest-token-file: cannot read /nonexistent/slurm.jwt\n");
  }

  @Test
  void resourcesSuggestSizesAFunctionFromItsRecordedRuns() {
    UsageLog usage = new UsageLog(home.resolve("usage"));
    Resources asked = new Resources(8, 16_000, null, Duration.ofHours(2));
    for (int i = 0; i < 4; i++) {
      usage.record(
          new ResourceUsage(
              Instant.now(), "slurm:quant", "job-1", i, asked, "COMPLETED", 100.0 + i, 700, 390));
    }
    usage.record(
        new ResourceUsage(Instant.now(), "slurm:index", "job-1", 0, asked, "COMPLETED", 1.0, 1, 1));

    Outcome list = fanout("resources", "list");
    assertThat(list.out()).containsPattern("slurm:index +1\n").containsPattern("slurm:quant +4\n");

    Outcome suggest = fanout("resources", "suggest", "quant");
    assertThat(suggest.exitCode()).as(suggest.err()).isZero();
    assertThat(suggest.out())
        .startsWith("slurm:quant: 4 runs, 4 completed and measured")
        .containsPattern("cpus +8 +3.90 +4\n")
        .containsPattern("memoryMb +16000 +700 +896\n")
        .containsPattern("walltime +PT2H +PT1M43S +PT3M\n")
        .contains("\"resources\": {\"cpus\": 4, \"memoryMb\": 896, \"walltime\": \"PT3M\"}");

    Outcome tooFew = fanout("resources", "suggest", "slurm:index");
    assertThat(tooFew.exitCode()).isEqualTo(2);
    assertThat(tooFew.err())
        .isEqualTo(
            "error: slurm:index has 1 completed, measured runs of 1; a suggestion needs 3\n");
    Outcome unknown = fanout("resources", "suggest", "assemble");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .startsWith("error: FUNCTION: no recorded runs of 'assemble' under ")
        .contains("recorded: ")
        .contains("slurm:index, ")
        .contains("slurm:quant");
  }

  @Test
  void everyCommandAnswersHelp() {
    for (String command :
        java.util.List.of(
            "run", "clean", "replay", "logs", "worker", "resources", "jobs", "redrive")) {
      Outcome help = fanout(command, "--help");
      assertThat(help.exitCode()).as(command + ": " + help.err()).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: fanout " + command);
    }
  }

  @Test
  void unreachableTemporalIsExitCode3() {
    CommandLine cli = FanoutCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("status", "x", "--temporal", "127.0.0.1:1");

    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).startsWith("error: cannot reach Temporal at 127.0.0.1:1");
  }

  @Test
  void devServerListensOnLoopbackOnly() throws Exception {
    Optional<InetAddress> external =
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .findFirst();
    assumeTrue(external.isPresent(), "this machine has no non-loopback address to try");
    int port =
        Integer.parseInt(devServer.address().substring(devServer.address().indexOf(':') + 1));

    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      assertThat(loopback.isConnected()).isTrue();
    }
    try (Socket outside = new Socket()) {
      org.junit.jupiter.api.Assertions.assertThrows(
          ConnectException.class,
          () -> outside.connect(new InetSocketAddress(external.get(), port), 2000));
    }
  }
}
