package dev.fanout.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.logs.AttemptLines.Attempt;
import dev.fanout.logs.AttemptLines.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attempts read back from logs as the activity and the executors write them. */
class AttemptLinesTest {

  private static Instant at(String time) {
    return Instant.parse("2026-12-01T10:00:" + time + "Z");
  }

  @Test
  void aRetriedSubJobFailedThenSucceeded() {
    List<String> log =
        List.of(
            "2026-12-01T10:00:01.250Z attempt 1 of process:[quant.py]",
            "2026-12-01T10:00:01.300Z work directory /home/w/job/task-000003/attempt-1",
            "2026-12-01T10:00:01.310Z stdout succeeded",
            "2026-12-01T10:00:02Z exited with 3",
            "2026-12-01T10:00:02.001Z failed: ExitCode: exited with 3",
            "2026-12-01T10:00:12Z attempt 2 of process:[quant.py]",
            "2026-12-01T10:00:13.500Z succeeded");

    assertThat(AttemptLines.read(log))
        .containsExactly(
            new Attempt(1, at("01.250"), at("02.001"), Outcome.FAILED),
            new Attempt(2, at("12"), at("13.500"), Outcome.SUCCEEDED));
  }

  @Test
  void anAttemptWithoutAnEndWasLostWhenAnotherFollowsAndIsRunningOtherwise() {
    List<String> log =
        List.of(
            "2026-12-01T10:00:01Z attempt 1 of java:slow",
            "2026-12-01T10:00:20Z attempt 2 of java:slow",
            "2026-12-01T10:00:20.100Z re-attached to container-abc",
            "2026-12-01T10:00:25Z stopped: ActivityCanceledException",
            "2026-12-01T10:00:30Z attempt 3 of java:slow");

    assertThat(AttemptLines.read(log))
        .containsExactly(
            new Attempt(1, at("01"), at("20"), Outcome.LOST),
            new Attempt(2, at("20"), at("25"), Outcome.STOPPED),
            new Attempt(3, at("30"), null, Outcome.RUNNING));
  }

  @Test
  void theRestOfAMultiLineEntryAndStrayLinesArePassedOver() {
    List<String> log =
        List.of(
            "2026-12-01T10:00:01Z attempt 1 of java:bad",
            "2026-12-01T10:00:02Z ERROR handler threw java.lang.IllegalStateException: no",
            "\tat dev.fanout.Bad.handle(Bad.java:3)",
            "succeeded",
            "",
            "2026-12-01T10:00:02.5Z failed: IllegalStateException: no");

    assertThat(AttemptLines.read(log))
        .containsExactly(new Attempt(1, at("01"), at("02.500"), Outcome.FAILED));
  }

  @Test
  void aFailureSaysTheFirstLineOfItsMessage() {
    assertThat(AttemptLines.failed("Boom", "first\nsecond")).isEqualTo("failed: Boom: first");
    assertThat(AttemptLines.read(List.of())).isEmpty();
  }
}
