package dev.fanout.app.timeline;

import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import dev.fanout.logs.AttemptLines;
import dev.fanout.logs.AttemptLines.Attempt;
import dev.fanout.logs.AttemptLines.Outcome;
import dev.fanout.logs.LogStore;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * A job's sub-job attempts laid out in time, as the job page and {@code fanout plot} draw them: a
 * bar per attempt on the lane of the slot it ran in, and a histogram of the ended attempts'
 * durations.
 *
 * <p>A sub-job that ended after its first attempt is its result's span; any other (retried,
 * running, stopped) has its attempts read from its log ({@link AttemptLines}), since its result
 * holds only its last attempt. Which slot an attempt held is recorded nowhere, so lanes are packed
 * greedily: attempts in order of start, each on the lowest lane free by then. That uses as many
 * lanes as attempts ever ran at once, which the window bounds by maxParallel.
 *
 * @param origin the first attempt's start; bars' times are seconds from it (null: no attempt yet)
 * @param subJobs how many sub-jobs it covers: the job's first ones, by index
 * @param total how many sub-jobs the job has
 */
public record Timeline(
    Instant origin, int lanes, int subJobs, int total, List<Bar> bars, Histogram histogram) {

  /**
   * One attempt.
   *
   * @param start seconds from the origin
   * @param end seconds from the origin; for a running attempt, now
   */
  public record Bar(
      int index, String key, int attempt, int lane, double start, double end, Outcome outcome) {

    public double seconds() {
      return end - start;
    }
  }

  /**
   * The ended attempts' durations.
   *
   * @param binSeconds the width of each bin; bin i holds durations from i × binSeconds
   */
  public record Histogram(double binSeconds, List<Integer> counts) {}

  /** The most bins a histogram gets; fewer for few attempts (about the square root of them). */
  static final int MAX_BINS = 30;

  /**
   * @param results the job's sub-jobs in index order, of which the first {@code limit} are drawn
   * @param total how many sub-jobs the job has, when known (0: those read)
   * @param log a sub-job's attempts by its index, as its log tells them
   * @param now the end of what still runs
   */
  public static Timeline of(
      Iterable<SubJobResult> results,
      int total,
      int limit,
      IntFunction<List<Attempt>> log,
      Instant now) {
    List<Span> spans = new ArrayList<>();
    int covered = 0;
    for (SubJobResult result : results) {
      if (covered == limit) {
        break;
      }
      covered++;
      spans.addAll(spans(result, log, now));
    }
    Instant origin = spans.stream().map(Span::start).min(Comparator.naturalOrder()).orElse(null);
    List<Bar> bars = packed(spans, origin);
    int lanes = bars.stream().mapToInt(b -> b.lane() + 1).max().orElse(0);
    return new Timeline(origin, lanes, covered, Math.max(total, covered), bars, histogram(bars));
  }

  /** A sub-job's attempts by its index, read from its log in {@code logs}. */
  public static IntFunction<List<Attempt>> attemptsIn(LogStore logs, String jobId) {
    return index ->
        AttemptLines.read(
            logs.read(jobId, Invocation.logName(Role.TASK, index), 0, Integer.MAX_VALUE));
  }

  /** An attempt before it has a lane. */
  private record Span(
      int index, String key, int attempt, Instant start, Instant end, Outcome outcome) {}

  private static List<Span> spans(SubJobResult r, IntFunction<List<Attempt>> log, Instant now) {
    if (r.state() == SubJobState.PENDING
        || r.state() == SubJobState.SKIPPED
        || r.state() == SubJobState.CACHED) {
      return List.of();
    }
    boolean ended = r.state().isFinal();
    if (ended && r.attempts() == 1 && r.startedAt() != null && r.endedAt() != null) {
      return List.of(
          new Span(r.index(), r.key(), 1, r.startedAt(), r.endedAt(), outcome(r.state())));
    }
    List<Attempt> attempts = log.apply(r.index());
    if (attempts.isEmpty()) {
      // No log to read (cleaned, or on a filesystem this process does not see): the result's own.
      return r.startedAt() == null
          ? List.of()
          : List.of(
              new Span(
                  r.index(),
                  r.key(),
                  Math.max(1, r.attempts()),
                  r.startedAt(),
                  ended && r.endedAt() != null ? r.endedAt() : now,
                  outcome(r.state())));
    }
    List<Span> spans = new ArrayList<>();
    for (Attempt a : attempts) {
      boolean open = a.outcome() == Outcome.RUNNING;
      // An attempt still open in the log of an ended sub-job ended with it, as its state says.
      Instant end = !open ? a.end() : ended && r.endedAt() != null ? r.endedAt() : now;
      Outcome outcome = open && ended ? outcome(r.state()) : a.outcome();
      spans.add(new Span(r.index(), r.key(), a.number(), a.start(), end, outcome));
    }
    return spans;
  }

  private static Outcome outcome(SubJobState state) {
    return switch (state) {
      case SUCCEEDED -> Outcome.SUCCEEDED;
      case FAILED -> Outcome.FAILED;
      case CANCELLED -> Outcome.STOPPED;
      default -> Outcome.RUNNING;
    };
  }

  private record Busy(Instant until, int lane) {}

  /** Each span on the lowest lane free at its start, in order of start. */
  private static List<Bar> packed(List<Span> spans, Instant origin) {
    List<Span> byStart = new ArrayList<>(spans);
    byStart.sort(Comparator.comparing(Span::start));
    PriorityQueue<Busy> busy = new PriorityQueue<>(Comparator.comparing(Busy::until));
    TreeSet<Integer> free = new TreeSet<>();
    List<Bar> bars = new ArrayList<>();
    for (Span span : byStart) {
      while (!busy.isEmpty() && !busy.peek().until().isAfter(span.start())) {
        free.add(busy.poll().lane());
      }
      int lane = free.isEmpty() ? busy.size() : free.pollFirst();
      Instant end = span.end().isBefore(span.start()) ? span.start() : span.end();
      busy.add(new Busy(end, lane));
      bars.add(
          new Bar(
              span.index(),
              span.key(),
              span.attempt(),
              lane,
              seconds(origin, span.start()),
              seconds(origin, end),
              span.outcome()));
    }
    bars.sort(Comparator.comparingInt(Bar::index).thenComparingInt(Bar::attempt));
    return bars;
  }

  private static double seconds(Instant origin, Instant at) {
    return Duration.between(origin, at).toNanos() / 1e9;
  }

  private static Histogram histogram(List<Bar> bars) {
    List<Double> durations =
        bars.stream().filter(b -> b.outcome() != Outcome.RUNNING).map(Bar::seconds).toList();
    if (durations.isEmpty()) {
      return new Histogram(0, List.of());
    }
    int bins = Math.min(MAX_BINS, (int) Math.ceil(Math.sqrt(durations.size())));
    double longest = durations.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double width = longest > 0 ? longest / bins : 1;
    int[] counts = new int[bins];
    for (double d : durations) {
      counts[Math.min(bins - 1, (int) (d / width))]++;
    }
    return new Histogram(width, Arrays.stream(counts).boxed().toList());
  }
}
