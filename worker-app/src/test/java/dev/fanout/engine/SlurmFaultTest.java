package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.FanoutCommand;
import dev.fanout.job.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A job of Slurm sub-jobs, singles and arrays, run by {@code fanout run} on the real Slurm through
 * a {@code --slurm-prefix} (resources slurm/faults.sh) that makes every few squeue, scontrol, sacct
 * and sbatch calls fail, hang past the command timeout or answer garbage (and two squeues in a row
 * answer nothing). Each sub-job's result must be recorded once, none lost, none run twice at once,
 * and the hangs (an hour each) must not hold anything up.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SlurmFaultTest {

  @TempDir Path home;

  /** One run of a sub-job's command, as Slurm's jobcomp log or the command itself saw it. */
  record Run(int index, String slurmJob, LocalDateTime start, LocalDateTime end) {}

  private static void needsSlurm() {
    if (System.getenv("CI") != null) {
      assertThat(System.getenv("FANOUT_SLURM_PARTITION")).as("CI must start Slurm").isNotNull();
    }
    assumeTrue(
        System.getenv("FANOUT_SLURM_PARTITION") != null,
        "set FANOUT_SLURM_PARTITION after scripts/slurm.sh start");
  }

  @Test
  void throughTheCommandsEverySubJobIsRecordedOnceThoughTheyFailHangAndGarble() throws Exception {
    needsSlurm();
    Path faults = Files.createDirectories(home.resolve("faults"));
    Path wrapper = home.resolve("faults.sh");
    try (InputStream in = getClass().getResourceAsStream("/slurm/faults.sh")) {
      Files.copy(in, wrapper);
    }

    runJob(
        48,
        "--slurm-prefix=sh " + wrapper + " " + faults,
        "--slurm-command-timeout-seconds=2",
        "--slurm-poll-seconds=1",
        "--slurm-array-window-ms=200");

    Map<String, Long> calls =
        Files.readAllLines(faults.resolve("calls")).stream()
            .map(l -> l.split(" ", 2)[1])
            .collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
    System.out.println("Slurm calls by command and fault: " + calls);
    for (String fault : List.of("fail", "hang", "garbage", "empty")) {
      assertThat(calls).containsKey("squeue " + fault);
    }
    assertThat(calls)
        .containsKeys("sbatch submitted-failed", "sbatch submitted-hung", "squeue-named fail");
    assertThat(calls.keySet())
        .as("two empty squeues in a row make the poller ask scontrol, which fails too")
        .anyMatch(k -> k.startsWith("scontrol ") && !k.endsWith(" none"));
    assertThat(alive(faults)).as("every hung command was killed, with what it started").isEmpty();
  }

  @Test
  void throughSlurmrestdEverySubJobIsRecordedOnceThoughItFailsHangsAndGarbles() throws Exception {
    needsSlurm();
    String rest = System.getenv("FANOUT_TEST_SLURM_REST");
    if (System.getenv("CI") != null) {
      assertThat(rest).as("CI must start slurmrestd (scripts/slurm.sh rest)").isNotNull();
    }
    assumeTrue(rest != null, "set FANOUT_TEST_SLURM_REST after scripts/slurm.sh rest");
    Process token =
        new ProcessBuilder(
                "scontrol", "token", "username=" + System.getProperty("user.name"), "lifespan=900")
            .redirectErrorStream(true)
            .start();
    Path tokenFile = home.resolve("slurm.jwt");
    Files.write(tokenFile, token.getInputStream().readAllBytes());
    assertThat(token.waitFor()).as(Files.readString(tokenFile)).isZero();

    try (FaultySlurmrestd proxy = new FaultySlurmrestd(URI.create(rest))) {
      runJob(
          24,
          "--slurm-rest=" + proxy.url(),
          "--slurm-rest-token-file=" + tokenFile,
          "--slurm-command-timeout-seconds=2",
          "--slurm-poll-seconds=1",
          "--slurm-array-window-ms=200");

      Map<String, Integer> seen = proxy.seen();
      System.out.println("slurmrestd requests by kind and fault: " + seen);
      assertThat(seen)
          .containsKeys(
              "jobs fail", "jobs hang", "jobs garbage", "jobs empty", "submit submitted-failed");
    }
  }

  /**
   * Runs a job of {@code subJobs} Slurm sub-jobs with {@code fanout run} and these options, and
   * checks what came of it: each result recorded once and right, no run of a sub-job overlapping
   * another (by the command's own clock and by Slurm's jobcomp log), and re-attachment used.
   */
  private void runJob(int subJobs, String... options) throws Exception {
    Path runs = Files.createDirectories(home.resolve("runs"));
    Path task = home.resolve("square.sh");
    // Each run notes its start and end (ns) where the test can see them, then squares its index.
    Files.writeString(
        task,
        "#!/bin/sh\n"
            + "i=$FANOUT_TASK_INDEX\n"
            + "echo \"start $(date +%s%N) $SLURM_JOB_ID\" >> "
            + runs
            + "/$i\n"
            + "sleep $((3 + i % 3))\n"
            + "echo \"{\\\"square\\\": $((i * i))}\" > output.json\n"
            + "echo \"end $(date +%s%N) $SLURM_JOB_ID\" >> "
            + runs
            + "/$i\n");
    task.toFile().setExecutable(true);
    ObjectNode spec = Json.MAPPER.createObjectNode().put("owner", "faults");
    spec.putObject("mapper").put("executor", "java").put("handler", "count");
    ObjectNode slurm = spec.putObject("task").put("executor", "slurm");
    slurm.putArray("command").add(task.toString());
    slurm.putObject("resources").put("cpus", 1).put("memoryMb", 100).put("walltime", "PT2M");
    spec.putObject("input").put("subJobs", subJobs).putObject("params");
    spec.put("maxParallel", 12);
    // Every failed lookup costs an attempt; retried at once, as often as the faults need.
    spec.putObject("retry")
        .put("maxAttempts", 20)
        .put("initialInterval", "PT1S")
        .put("backoff", 1.0)
        .put("maxInterval", "PT1S");
    Path specFile = home.resolve("spec.json");
    Files.writeString(specFile, spec.toString());

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FanoutCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> line = new ArrayList<>(List.of("run", specFile.toString(), "--home=" + home));
    line.addAll(List.of(options));
    int exit = cli.execute(line.toArray(String[]::new));

    assertThat(exit).as(err.toString()).isZero();
    // Without a reducer, run prints the results manifest: one line per sub-job.
    Map<Integer, JsonNode> results = new TreeMap<>();
    for (String printed : out.toString().strip().split("\n")) {
      JsonNode result = Json.MAPPER.readTree(printed);
      assertThat(results.put(result.path("index").asInt(), result))
          .as("recorded once: " + printed)
          .isNull();
    }
    assertThat(results).hasSize(subJobs);
    results.forEach(
        (index, result) -> {
          assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
          assertThat(result.path("output").path("square").asInt()).isEqualTo(index * index);
        });
    List<Run> ran = commandRuns(runs);
    List<Run> inSlurm = slurmRuns(home);
    System.out.println(
        "runs per sub-job (the command's own count; Slurm's): "
            + countByIndex(ran)
            + "; "
            + countByIndex(inSlurm)
            + "; attempts: "
            + results.values().stream()
                .collect(
                    Collectors.groupingBy(
                        r -> r.path("attempts").asInt(), TreeMap::new, Collectors.counting())));
    assertThat(countByIndex(ran).keySet()).hasSize(subJobs);
    assertNoIndexRanTwiceAtOnce(ran);
    assertNoIndexRanTwiceAtOnce(inSlurm);
    assertThat(inSlurm).as("Slurm ran what the commands saw").hasSameSizeAs(ran);
    assertThat(logLines(home).filter(l -> l.contains("which an earlier attempt submitted")))
        .as("retried attempts re-attached to the job their earlier attempt submitted")
        .isNotEmpty();
  }

  private static java.util.stream.Stream<String> logLines(Path home) throws IOException {
    List<String> lines = new ArrayList<>();
    try (var files = Files.walk(home.resolve("logs"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines.stream();
  }

  /** What each run of the command wrote: a start line, and an end line if it ran to its end. */
  private static List<Run> commandRuns(Path runs) throws IOException {
    List<Run> all = new ArrayList<>();
    try (var files = Files.list(runs)) {
      for (Path file : files.toList()) {
        int index = Integer.parseInt(file.getFileName().toString());
        Map<String, String[]> starts = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
          String[] word = line.split(" ");
          if (word[0].equals("start")) {
            starts.put(word[2], word);
          } else {
            String[] start = starts.remove(word[2]);
            assertThat(start).as("a start for " + line + " of sub-job " + index).isNotNull();
            all.add(new Run(index, word[2], nanos(start[1]), nanos(word[1])));
          }
        }
        assertThat(starts).as("runs of sub-job " + index + " that never ended").isEmpty();
      }
    }
    return all;
  }

  private static LocalDateTime nanos(String epochNanos) {
    long n = Long.parseLong(epochNanos);
    return LocalDateTime.ofEpochSecond(
        n / 1_000_000_000, (int) (n % 1_000_000_000), java.time.ZoneOffset.UTC);
  }

  /**
   * The test's jobs in Slurm's jobcomp log, found by their work directory: an attempt's own, or an
   * array's batch directory whose {@code dirs} names each element's.
   */
  private static List<Run> slurmRuns(Path home) throws Exception {
    Path log = Path.of(slurmConfig("JobCompLoc"));
    List<Run> all = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      Map<String, String> field = new HashMap<>();
      for (String word : line.split(" ")) {
        String[] kv = word.split("=", 2);
        if (kv.length == 2) {
          field.put(kv[0], kv[1]);
        }
      }
      Path dir = Path.of(field.getOrDefault("WorkDir", "/"));
      if (!dir.startsWith(home)) {
        continue;
      }
      String element = field.get("ArrayTaskId");
      Path workDir =
          element == null || element.isEmpty()
              ? dir
              : Path.of(Files.readAllLines(dir.resolve("dirs")).get(Integer.parseInt(element)));
      int index = Integer.parseInt(workDir.getParent().getFileName().toString().substring(5));
      all.add(
          new Run(
              index,
              field.get("JobId"),
              LocalDateTime.parse(field.get("StartTime")),
              LocalDateTime.parse(field.get("EndTime"))));
    }
    return all;
  }

  private static String slurmConfig(String key) throws Exception {
    Process p = new ProcessBuilder("scontrol", "show", "config").start();
    String config = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    for (String line : config.split("\n")) {
      String[] kv = line.split("=", 2);
      if (kv.length == 2 && kv[0].strip().equals(key)) {
        return kv[1].strip();
      }
    }
    throw new IllegalStateException("no " + key + " in scontrol show config");
  }

  private static Map<Integer, Long> countByIndex(List<Run> runs) {
    return runs.stream()
        .collect(Collectors.groupingBy(Run::index, TreeMap::new, Collectors.counting()));
  }

  private static void assertNoIndexRanTwiceAtOnce(List<Run> runs) {
    Map<Integer, List<Run>> byIndex = runs.stream().collect(Collectors.groupingBy(Run::index));
    byIndex.forEach(
        (index, its) -> {
          for (Run a : its) {
            for (Run b : its) {
              if (a != b) {
                assertThat(a.start().isBefore(b.end()) && b.start().isBefore(a.end()))
                    .as("sub-job %d ran as %s and %s at once", index, a, b)
                    .isFalse();
              }
            }
          }
        });
  }

  /** The fault wrapper's processes and its hangs' sleeps still alive. */
  private static List<String> alive(Path faults) throws Exception {
    List<Long> hung =
        Files.readAllLines(faults.resolve("hung")).stream().map(Long::parseLong).toList();
    assertThat(hung).as("some calls hung").isNotEmpty();
    List<String> alive = List.of();
    for (int i = 0; i < 50; i++) {
      alive =
          ProcessHandle.allProcesses()
              .filter(
                  p ->
                      hung.contains(p.pid())
                          || p.info().commandLine().orElse("").contains(faults.toString()))
              .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
              .toList();
      if (alive.isEmpty()) {
        break;
      }
      Thread.sleep(100); // SIGKILL is sent, not waited for
    }
    return alive;
  }
}
