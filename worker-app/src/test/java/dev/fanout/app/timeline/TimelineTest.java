package dev.fanout.app.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.app.timeline.Timeline.Bar;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import dev.fanout.logs.AttemptLines;
import dev.fanout.logs.AttemptLines.Attempt;
import dev.fanout.logs.AttemptLines.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attempts laid out from results and logs: lanes, retries, what still runs, the histogram. */
class TimelineTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  private static SubJobResult result(
      int index, SubJobState state, int attempts, Double start, Double end) {
    return new SubJobResult(
        index,
        "k" + index,
        state,
        null,
        null,
        null,
        null,
        attempts,
        start == null ? null : at(start),
        end == null ? null : at(end),
        null,
        null);
  }

  private static Timeline timeline(
      List<SubJobResult> results, Map<Integer, List<Attempt>> logs, double now) {
    return Timeline.of(results, results.size(), 100, i -> logs.getOrDefault(i, List.of()), at(now));
  }

  @Test
  void eachAttemptTakesTheLowestLaneFreeAtItsStart() {
    Timeline t =
        timeline(
            List.of(
                result(0, SubJobState.SUCCEEDED, 1, 0.0, 4.0),
                result(1, SubJobState.SUCCEEDED, 1, 0.5, 2.0),
                result(2, SubJobState.SUCCEEDED, 1, 2.0, 3.0),
                result(3, SubJobState.SUCCEEDED, 1, 4.0, 5.0),
                result(4, SubJobState.PENDING, 0, null, null)),
            Map.of(),
            9);

    assertThat(t.lanes()).as("at most two ran at once").isEqualTo(2);
    assertThat(t.bars()).extracting(Bar::lane).containsExactly(0, 1, 1, 0);
    assertThat(t.bars().get(3).start()).isEqualTo(4.0);
    assertThat(t.origin()).isEqualTo(T0);
    assertThat(t.subJobs()).isEqualTo(5);
  }

  @Test
  void aRetriedOrRunningSubJobHasABarPerAttemptFromItsLog() {
    Map<Integer, List<Attempt>> logs =
        Map.of(
            0,
            List.of(
                new Attempt(1, at(0), at(1), Outcome.FAILED),
                new Attempt(2, at(3), at(4), Outcome.SUCCEEDED)),
            1,
            List.of(
                new Attempt(1, at(0), at(2), Outcome.LOST),
                new Attempt(2, at(2), null, Outcome.RUNNING)),
            2,
            List.of(new Attempt(1, at(1), null, Outcome.RUNNING)));
    Timeline t =
        timeline(
            List.of(
                result(0, SubJobState.SUCCEEDED, 2, 3.0, 4.0),
                result(1, SubJobState.RUNNING, 0, 0.0, null),
                // Ended while its log says it still runs: its worker died and the job gave up.
                result(2, SubJobState.FAILED, 2, 1.0, 6.0)),
            logs,
            10);

    assertThat(t.bars())
        .extracting(b -> b.index() + "/" + b.attempt() + " " + b.outcome() + " " + b.end())
        .containsExactly(
            "0/1 FAILED 1.0",
            "0/2 SUCCEEDED 4.0",
            "1/1 LOST 2.0",
            "1/2 RUNNING 10.0",
            "2/1 FAILED 6.0");
    assertThat(t.histogram().counts().stream().mapToInt(Integer::intValue).sum())
        .as("ended attempts only")
        .isEqualTo(4);
  }

  @Test
  void withoutALogAResultIsItsOwnOneBar() {
    Timeline t =
        timeline(
            List.of(
                result(0, SubJobState.FAILED, 3, 5.0, 6.0),
                result(1, SubJobState.CANCELLED, 0, null, 2.0)),
            Map.of(),
            10);

    assertThat(t.bars())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.attempt()).isEqualTo(3);
              assertThat(b.outcome()).isEqualTo(Outcome.FAILED);
              assertThat(b.seconds()).isEqualTo(1.0);
            });
  }

  @Test
  void onlyTheFirstSubJobsUpToTheLimitAreDrawn() {
    List<SubJobResult> results =
        List.of(
            result(0, SubJobState.SUCCEEDED, 1, 0.0, 1.0),
            result(1, SubJobState.SUCCEEDED, 1, 0.0, 1.0),
            result(2, SubJobState.SUCCEEDED, 1, 0.0, 1.0));
    Timeline t = Timeline.of(results, 3, 2, i -> List.of(), at(5));

    assertThat(t.bars()).hasSize(2);
    assertThat(t.subJobs()).isEqualTo(2);
    assertThat(t.total()).isEqualTo(3);
    assertThat(Timeline.of(List.of(), 0, 2, i -> List.of(), at(5)).bars()).isEmpty();
  }

  @Test
  void theHistogramBinsDurationsFromZeroToTheLongest() {
    List<SubJobResult> results =
        List.of(
            result(0, SubJobState.SUCCEEDED, 1, 0.0, 1.0),
            result(1, SubJobState.SUCCEEDED, 1, 0.0, 1.1),
            result(2, SubJobState.SUCCEEDED, 1, 0.0, 3.9),
            result(3, SubJobState.SUCCEEDED, 1, 0.0, 4.0));
    Timeline.Histogram h = timeline(results, Map.of(), 5).histogram();

    assertThat(h.binSeconds()).isEqualTo(2.0);
    assertThat(h.counts()).containsExactly(2, 2);
  }

  @Test
  void attemptsAreReadFromTheLogsTheActivityWrites() {
    List<String> log =
        List.of(
            T0 + " " + AttemptLines.started(1, "java:x"),
            at(1) + " " + AttemptLines.failed("Boom", "no"),
            at(2) + " " + AttemptLines.started(2, "java:x"),
            at(3) + " " + AttemptLines.SUCCEEDED);
    Timeline t =
        Timeline.of(
            List.of(result(0, SubJobState.SUCCEEDED, 2, 2.0, 3.0)),
            1,
            1,
            i -> AttemptLines.read(log),
            at(9));

    assertThat(t.bars())
        .extracting(Bar::outcome)
        .containsExactly(Outcome.FAILED, Outcome.SUCCEEDED);
  }
}
