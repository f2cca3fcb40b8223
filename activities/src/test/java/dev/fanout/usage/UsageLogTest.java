package dev.fanout.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.job.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorded runs, and what they suggest asking for. */
class UsageLogTest {

  private static final Resources ASKED = new Resources(8, 16_000, null, Duration.ofHours(2));

  @TempDir Path root;

  private static ResourceUsage run(String outcome, Double elapsed, Integer rssMb, Integer cpu) {
    return run("slurm:quant", ASKED, outcome, elapsed, rssMb, cpu);
  }

  private static ResourceUsage run(
      String function,
      Resources asked,
      String outcome,
      Double elapsed,
      Integer rssMb,
      Integer cpu) {
    return new ResourceUsage(
        Instant.now(), function, "job-1", 0, asked, outcome, elapsed, rssMb, cpu);
  }

  @Test
  void runsComeBackPerFunctionAndABrokenLineCostsOnlyItself() throws Exception {
    UsageLog log = new UsageLog(root);
    log.record(run(ResourceUsage.COMPLETED, 12.5, 800, 390));
    log.record(run("slurm:other", null, "FAILED", 1.0, 10, 99));
    Path file;
    try (var files = Files.list(root)) {
      file = files.filter(f -> f.toString().contains("quant")).findFirst().orElseThrow();
    }
    Files.writeString(file, "{\"at\": \"2026-11-2\n", StandardOpenOption.APPEND); // not a run
    log.record(run(ResourceUsage.TIMEOUT, null, null, null));

    assertThat(log.runs("slurm:quant"))
        .extracting(ResourceUsage::outcome)
        .containsExactly(ResourceUsage.COMPLETED, ResourceUsage.TIMEOUT);
    assertThat(log.runs("slurm:quant").get(0))
        .usingRecursiveComparison()
        .ignoringFields("at")
        .isEqualTo(run(ResourceUsage.COMPLETED, 12.5, 800, 390));
    assertThat(log.functions())
        .containsExactly(Map.entry("slurm:other", 1), Map.entry("slurm:quant", 2));
    assertThat(new UsageLog(root.resolve("none")).functions()).isEmpty();
    assertThat(log.runs("slurm:never")).isEmpty();
  }

  @Test
  void aSuggestionIsTheHighPercentileOfMeasuredRunsWithAMargin() {
    List<ResourceUsage> runs = new ArrayList<>();
    // 20 runs: 60..250 s, 500..690 MiB, 100..290 % CPU; the 95th percentile is the 19th.
    IntStream.range(0, 20)
        .forEach(
            i -> runs.add(run(ResourceUsage.COMPLETED, 60.0 + 10 * i, 500 + 10 * i, 100 + 10 * i)));
    runs.add(run("FAILED", 1.0, 5, 1)); // failures say nothing of what success needs

    ResourceSuggestion s = ResourceSuggestion.from(runs).orElseThrow();

    assertThat(s.runs()).isEqualTo(21);
    assertThat(s.measured()).isEqualTo(20);
    assertThat(s.usedElapsed()).isEqualTo(Duration.ofSeconds(240));
    assertThat(s.walltime()).as("240 s x 1.5, in whole minutes").isEqualTo(Duration.ofMinutes(6));
    assertThat(s.usedMemoryMb()).isEqualTo(680);
    assertThat(s.memoryMb()).as("680 x 1.25 = 850, in 64 MiB steps").isEqualTo(896);
    assertThat(s.usedCpuPercent()).isEqualTo(280);
    assertThat(s.cpus()).isEqualTo(3);
    assertThat(s.appliedTo(new Resources(8, 16_000, 1, Duration.ofHours(2), true)))
        .isEqualTo(new Resources(3, 896, 1, Duration.ofMinutes(6), true));
  }

  @Test
  void runsKilledAtALimitPushTheSuggestionPastIt() {
    List<ResourceUsage> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(run(ResourceUsage.COMPLETED, 30.0, 100, 95));
    }
    runs.add(
        run(
            "slurm:quant",
            new Resources(1, 1000, null, Duration.ofMinutes(10)),
            ResourceUsage.TIMEOUT,
            null,
            null,
            null));
    runs.add(
        run(
            "slurm:quant",
            new Resources(1, 1000, null, Duration.ofMinutes(10)),
            ResourceUsage.OUT_OF_MEMORY,
            null,
            null,
            null));

    ResourceSuggestion s = ResourceSuggestion.from(runs).orElseThrow();

    assertThat(s.cpus()).isEqualTo(1);
    assertThat(s.walltime()).isEqualTo(Duration.ofMinutes(20));
    assertThat(s.memoryMb()).isEqualTo(2000);
    assertThat(s.timeouts()).isEqualTo(1);
    assertThat(s.outOfMemory()).isEqualTo(1);
  }

  @Test
  void runsThatKeptAllTheirCpusBusyAreNotSizedDown() {
    Resources four = new Resources(4, 1000, null, Duration.ofMinutes(10));
    Resources eight = new Resources(8, 1000, null, Duration.ofMinutes(10));
    List<ResourceUsage> saturated = new ArrayList<>();
    List<ResourceUsage> idle = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      saturated.add(run("slurm:quant", four, ResourceUsage.COMPLETED, 30.0, 100, 310));
      idle.add(run("slurm:quant", eight, ResourceUsage.COMPLETED, 30.0, 100, 310));
    }

    assertThat(ResourceSuggestion.from(saturated).orElseThrow().cpus()).isEqualTo(4);
    assertThat(ResourceSuggestion.from(idle).orElseThrow().cpus()).isEqualTo(3);
  }

  @Test
  void tooFewMeasuredRunsSuggestNothing() {
    List<ResourceUsage> runs =
        List.of(
            run(ResourceUsage.COMPLETED, 30.0, 100, 95),
            run(ResourceUsage.COMPLETED, 30.0, 100, 95),
            run(ResourceUsage.COMPLETED, null, null, null)); // no /usr/bin/time on that node

    assertThat(ResourceSuggestion.from(runs)).isEmpty();
  }
}
