package dev.fanout.usage;

import dev.fanout.job.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What to ask for a function, inferred from its recorded runs: the 95th percentile of what the
 * measured runs used, with a margin, and never less than twice a limit that runs were killed at.
 * Cpus are the ones runs kept busy, or all they had if they kept nearly all busy.
 *
 * @param runs how many recorded runs this is drawn from
 * @param measured how many of them completed and were measured
 * @param usedCpuPercent the 95th percentile of CPU use (400 = four cores busy)
 * @param usedMemoryMb the 95th percentile of peak resident memory
 * @param usedElapsed the 95th percentile of wall time
 * @param timeouts runs that hit their walltime
 * @param outOfMemory runs that hit their memory limit
 */
public record ResourceSuggestion(
    int runs,
    int measured,
    int cpus,
    int memoryMb,
    Duration walltime,
    int usedCpuPercent,
    int usedMemoryMb,
    Duration usedElapsed,
    int timeouts,
    int outOfMemory) {

  /** Fewer measured runs than this say too little to size a job by. */
  public static final int MIN_MEASURED = 3;

  static final double PERCENTILE = 0.95;
  static final double TIME_MARGIN = 1.5;
  static final double MEMORY_MARGIN = 1.25;
  static final int MEMORY_STEP_MB = 64;

  /** A cpu is asked for once the runs keep it busy more than a fifth of the time. */
  static final double IDLE_CPU_FRACTION = 0.2;

  /** A run that kept this much of its cpus busy may have used more, had it had them. */
  static final double SATURATED = 0.75;

  /** The suggestion these runs make, if at least {@link #MIN_MEASURED} were measured. */
  public static Optional<ResourceSuggestion> from(List<ResourceUsage> runs) {
    List<ResourceUsage> measured = runs.stream().filter(ResourceUsage::measured).toList();
    if (measured.size() < MIN_MEASURED) {
      return Optional.empty();
    }
    double elapsed = percentile(measured, ResourceUsage::elapsedSeconds);
    double memory = percentile(measured, ResourceUsage::maxRssMb);
    double cpu = percentile(measured, ResourceSuggestion::cpuPercent);

    long walltimeMinutes = Math.max(1, (long) Math.ceil(elapsed * TIME_MARGIN / 60));
    int memoryMb = (int) Math.max(MEMORY_STEP_MB, roundUp(memory * MEMORY_MARGIN, MEMORY_STEP_MB));
    int cpus = (int) percentile(measured, ResourceSuggestion::cpusNeeded);
    int timeouts = 0;
    int outOfMemory = 0;
    for (ResourceUsage run : runs) {
      Resources asked = run.requested();
      if (ResourceUsage.TIMEOUT.equals(run.outcome())) {
        timeouts++;
        if (asked != null && asked.walltime() != null) {
          walltimeMinutes = Math.max(walltimeMinutes, 2 * asked.walltime().toMinutes());
        }
      } else if (ResourceUsage.OUT_OF_MEMORY.equals(run.outcome())) {
        outOfMemory++;
        if (asked != null && asked.memoryMb() != null) {
          memoryMb = Math.max(memoryMb, 2 * asked.memoryMb());
        }
      }
    }
    return Optional.of(
        new ResourceSuggestion(
            runs.size(),
            measured.size(),
            cpus,
            memoryMb,
            Duration.ofMinutes(walltimeMinutes),
            (int) Math.round(cpu),
            (int) Math.round(memory),
            Duration.ofMillis(Math.round(elapsed * 1000)),
            timeouts,
            outOfMemory));
  }

  private static double cpuPercent(ResourceUsage run) {
    return run.cpuPercent() == null ? 100 : run.cpuPercent();
  }

  /**
   * The cpus a run showed it needs: those it kept busy; but a run that kept (nearly) all it had
   * busy may have been held back by them, so it never shows less than it had. Otherwise a job sized
   * down once could never be sized up again.
   */
  private static double cpusNeeded(ResourceUsage run) {
    Resources asked = run.requested();
    int had = asked == null || asked.cpus() == null ? 1 : asked.cpus();
    double busy = cpuPercent(run) / 100;
    double needed = Math.max(1, Math.ceil(busy - IDLE_CPU_FRACTION));
    return busy >= SATURATED * had ? Math.max(had, needed) : needed;
  }

  /**
   * The suggestion in place of what {@code asked} said, keeping what it does not size (gpus,
   * nodes).
   */
  public Resources appliedTo(Resources asked) {
    return new Resources(
        cpus,
        memoryMb,
        asked == null ? null : asked.gpus(),
        walltime,
        asked == null ? null : asked.auto(),
        asked == null ? null : asked.nodes());
  }

  /** The nearest-rank percentile: a value some run really had. */
  private static double percentile(List<ResourceUsage> runs, ToDoubleFunction<ResourceUsage> of) {
    double[] values = runs.stream().mapToDouble(of).sorted().toArray();
    int rank = (int) Math.ceil(PERCENTILE * values.length);
    return values[Math.max(0, rank - 1)];
  }

  private static double roundUp(double value, int step) {
    return Math.ceil(value / step) * step;
  }
}
