package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.FanoutProcesses.FanoutProcess;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobState;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing stuck, nothing lost: {@code kill -9} of worker processes at seeded random moments (inside
 * a page, at the page boundary, during the reducer), each restarted at once, and the job still
 * succeeds with every sub-job's result recorded exactly once. Real processes throughout: {@code
 * fanout dev} serving no pool, two {@code fanout worker --queues workflows} and two {@code fanout
 * worker --queues java,process}, sub-jobs and reducer as real commands.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class CrashTest {

  private static final int SUB_JOBS = 2_000;
  private static final int WINDOW = 8;
  private static final long SEED = Long.getLong("fanout.crashSeed", 20261201L);

  /**
   * What one kill may cost the job, beyond the 2x allowed for a noisy machine: the longest of the
   * heartbeat timeout (10 s, a sub-job or the reducer on a killed activity worker) and the workflow
   * task timeout plus the sticky-queue timeout (10 s + 5 s, a workflow on a killed workflow
   * worker), a retry's first backoff (1 s here) and a worker's restart.
   */
  private static final Duration PER_KILL = Duration.ofSeconds(25);

  @TempDir Path home;
  private FanoutProcesses processes;

  @BeforeEach
  void start() {
    processes = new FanoutProcesses(home);
  }

  @AfterEach
  void stopAll() {
    processes.close();
  }

  @Test
  void killedWorkersLoseAndDoubleNothing() throws Exception {
    String address = processes.devServer();
    List<FanoutProcess> workflowWorkers = new ArrayList<>();
    List<FanoutProcess> activityWorkers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      workflowWorkers.add(worker(address, "workflows"));
      activityWorkers.add(worker(address, "java,process"));
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try (TemporalSession session = TemporalSession.connect(stubs, "default", address)) {
      JobService jobs = session.jobs();

      Run calm = run(jobs, "calm", runs -> {});
      calm.check();
      System.out.printf("crash test: %d sub-jobs without kills in %s%n", SUB_JOBS, calm.took());

      Random random = new Random(SEED);
      List<String> kills = new ArrayList<>();
      Run crashed =
          run(
              jobs,
              "crashed",
              job -> {
                job.awaitRuns(200 + random.nextInt(600));
                kills.add(killAndRestart(pick(random, workflowWorkers, activityWorkers), address));
                job.awaitRuns(SUB_JOBS / 2 - WINDOW + random.nextInt(2 * WINDOW));
                kills.add(killAndRestart(workflowWorkers, random.nextInt(2), address));
                job.awaitRuns(1_200 + random.nextInt(600));
                kills.add(killAndRestart(workflowWorkers, 0, address));
                kills.add(killAndRestart(workflowWorkers, 1, address));
                kills.add(killAndRestart(activityWorkers, random.nextInt(2), address));
                job.awaitReducer();
                kills.add(killAndRestart(activityWorkers, 0, address));
                kills.add(killAndRestart(activityWorkers, 1, address));
                kills.add(killAndRestart(workflowWorkers, random.nextInt(2), address));
              });
      crashed.check();
      System.out.printf(
          "crash test (seed %d): %d kills (%s) in %s; runs per sub-job %s; reducer ran %d"
              + " time(s)%n",
          SEED,
          kills.size(),
          String.join(", ", kills),
          crashed.took(),
          crashed.runsHistogram(),
          crashed.reducerRuns());
      assertThat(crashed.took())
          .as("a job with kills ends within twice the calm job's time plus what each kill costs")
          .isLessThanOrEqualTo(calm.took().multipliedBy(2).plus(PER_KILL.multipliedBy(4)));
    }
  }

  /** One job of the test, run to its end while {@code kills} does its work. */
  private Run run(JobService jobs, String name, KillPlan kills) throws Exception {
    Path dir = Files.createDirectories(home.resolve(name));
    Run run = new Run(dir);
    long started = System.nanoTime();
    String jobId = jobs.submit(spec(dir), null);
    kills.during(run);
    JobResult result = jobs.result(jobId).get(10, TimeUnit.MINUTES);
    run.finished(jobId, result, Duration.ofNanos(System.nanoTime() - started));
    return run;
  }

  @FunctionalInterface
  private interface KillPlan {
    void during(Run run) throws Exception;
  }

  /**
   * A mapper that lists the sub-jobs, sub-jobs that note each run in {@code runs} and answer twice
   * their number, and a reducer that notes its runs and checks its input.
   */
  private ObjectNode spec(Path dir) throws IOException {
    Path reducer = dir.resolve("reducer.py");
    Files.writeString(
        reducer,
        """
        import json, os, sys, time
        with open(os.environ["REDUCER_RUNS"], "a") as runs:
            runs.write("started\\n")
        time.sleep(3)  # long enough for a kill to land while it runs
        job = json.load(open("input.json"))
        seen = {}
        wrong = []
        for result in job["results"]:
            i = result["params"]["i"]
            seen[i] = seen.get(i, 0) + 1
            if result["state"] != "SUCCEEDED" or result["output"] != {"i": i, "twice": 2 * i}:
                wrong.append(i)
        json.dump({"results": len(job["results"]),
                   "missing": [i for i in range(job["input"]["n"]) if i not in seen],
                   "doubled": sorted(i for i, n in seen.items() if n > 1),
                   "wrong": wrong}, open("output.json", "w"))
        """);
    ObjectNode spec = Json.MAPPER.createObjectNode().put("owner", "crash");
    spec.putObject("mapper").put("executor", "java").put("handler", JobService.LISTED_SUB_JOBS);
    ObjectNode task = spec.putObject("task").put("executor", "process");
    task.putArray("command")
        .add("sh")
        .add("-c")
        .add(
            "i=$(tr -cd 0-9 < \"$FANOUT_WORK_DIR/input.json\"); echo \"$i\" >> \"$RUNS\";"
                + " sleep 0.02; printf '{\"i\": %d, \"twice\": %d}' \"$i\" $((2 * i))"
                + " > \"$FANOUT_WORK_DIR/output.json\"");
    task.putObject("env").put("RUNS", dir.resolve("runs").toString());
    ObjectNode reduce = spec.putObject("reducer").put("executor", "process");
    reduce.putArray("command").add("python3").add(reducer.toString());
    reduce.putObject("env").put("REDUCER_RUNS", dir.resolve("reducer-runs").toString());
    ObjectNode input = spec.putObject("input").put("n", SUB_JOBS);
    ArrayNode subJobs = input.putArray("subJobs");
    for (int i = 0; i < SUB_JOBS; i++) {
      subJobs.addObject().put("key", "sub-job " + i).putObject("params").put("i", i);
    }
    spec.put("maxParallel", WINDOW);
    spec.putObject("retry").put("maxAttempts", 5).put("initialInterval", "PT1S");
    return spec;
  }

  /** What one job left behind, and the checks that it lost and doubled nothing. */
  private final class Run {
    private final Path dir;
    private String jobId;
    private JobResult result;
    private Duration took;

    Run(Path dir) {
      this.dir = dir;
    }

    void finished(String jobId, JobResult result, Duration took) {
      this.jobId = jobId;
      this.result = result;
      this.took = took;
    }

    Duration took() {
      return took;
    }

    void awaitRuns(int runs) {
      FanoutProcesses.await(() -> lines("runs").size() >= runs, "sub-job run " + runs);
    }

    void awaitReducer() {
      FanoutProcesses.await(() -> !lines("reducer-runs").isEmpty(), "the reducer's start");
    }

    int reducerRuns() {
      return lines("reducer-runs").size();
    }

    /** How many sub-jobs ran how many times: at least once is the rule. */
    Map<Long, Long> runsHistogram() {
      Map<String, Long> perSubJob =
          lines("runs").stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
      return perSubJob.values().stream()
          .collect(Collectors.groupingBy(n -> n, TreeMap::new, Collectors.counting()));
    }

    void check() throws IOException {
      assertThat(result.counts().succeeded()).isEqualTo(SUB_JOBS);
      JsonNode reduced = result.output();
      assertThat(reduced.path("results").asInt()).isEqualTo(SUB_JOBS);
      assertThat(reduced.path("missing")).isEmpty();
      assertThat(reduced.path("doubled")).isEmpty();
      assertThat(reduced.path("wrong")).isEmpty();
      List<JsonNode> manifest = manifest();
      assertThat(manifest).hasSize(SUB_JOBS);
      for (int i = 0; i < SUB_JOBS; i++) {
        JsonNode line = manifest.get(i);
        assertThat(line.path("index").asInt()).isEqualTo(i);
        assertThat(line.path("state").asText()).isEqualTo(SubJobState.SUCCEEDED.name());
        assertThat(line.path("output").path("twice").asInt()).isEqualTo(2 * i);
      }
      assertThat(runsHistogram().keySet()).allMatch(times -> times >= 1);
      assertThat(lines("runs").stream().distinct().count()).isEqualTo(SUB_JOBS);
    }

    private List<JsonNode> manifest() throws IOException {
      Path file = home.resolve("blobs").resolve(jobId).resolve("results.jsonl");
      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        lines.add(Json.MAPPER.readTree(line));
      }
      return lines;
    }

    private List<String> lines(String name) {
      try {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private FanoutProcess worker(String address, String queues) {
    return processes.worker(address, queues, "--process-slots=" + WINDOW);
  }

  private static List<FanoutProcess> pick(
      Random random, List<FanoutProcess> workflowWorkers, List<FanoutProcess> activityWorkers) {
    return random.nextBoolean() ? workflowWorkers : activityWorkers;
  }

  private String killAndRestart(List<FanoutProcess> pool, String address) {
    return killAndRestart(pool, 0, address);
  }

  /** Kills one worker of the pool with SIGKILL and starts its replacement; names it. */
  private String killAndRestart(List<FanoutProcess> pool, int which, String address) {
    FanoutProcess victim = pool.get(which);
    victim.kill();
    pool.set(which, worker(address, victim.queues()));
    return victim.name();
  }
}
