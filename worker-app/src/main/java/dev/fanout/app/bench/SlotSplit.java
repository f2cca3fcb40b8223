package dev.fanout.app.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * How two owners' sub-jobs shared a pool over the first half of their joint makespan, while both
 * still had work waiting: the slot-time (the sum of the runs' overlaps with that half) each had.
 *
 * @param first the first owner's share of that slot-time, 0..1
 */
public record SlotSplit(double first, Duration slotTime, Duration half, Duration makespan) {

  /** One run of a sub-job's command. */
  public record Span(Instant start, Instant end) {}

  public static SlotSplit firstHalf(List<Span> first, List<Span> second) {
    Instant begin =
        Stream.concat(first.stream(), second.stream())
            .map(Span::start)
            .min(Instant::compareTo)
            .orElseThrow();
    Instant end =
        Stream.concat(first.stream(), second.stream())
            .map(Span::end)
            .max(Instant::compareTo)
            .orElseThrow();
    Duration makespan = Duration.between(begin, end);
    Instant middle = begin.plus(makespan.dividedBy(2));
    long a = nanosWithin(first, begin, middle);
    long b = nanosWithin(second, begin, middle);
    return new SlotSplit(
        a / (double) (a + b), Duration.ofNanos(a + b), Duration.between(begin, middle), makespan);
  }

  private static long nanosWithin(List<Span> spans, Instant from, Instant to) {
    long nanos = 0;
    for (Span s : spans) {
      Instant start = s.start().isAfter(from) ? s.start() : from;
      Instant end = s.end().isBefore(to) ? s.end() : to;
      nanos += Math.max(0, Duration.between(start, end).toNanos());
    }
    return nanos;
  }

  /** Such as {@code ann 50.2%, ben 49.8% of 26.8 slot-s in the first 9.1 s of 18.3 s}. */
  public String describe(String firstName, String secondName) {
    return String.format(
        "%s %.1f%%, %s %.1f%% of %.1f slot-s in the first %.1f s of %.1f s",
        firstName,
        100 * first,
        secondName,
        100 * (1 - first),
        slotTime.toMillis() / 1000.0,
        half.toMillis() / 1000.0,
        makespan.toMillis() / 1000.0);
  }
}
