package dev.fanout.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlotTurnaroundTest {

  private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

  @Test
  void splitsEachSlotsTurnaroundIntoItsLegs() {
    // Sub-job 0 runs in the slot, then sub-job 1 takes it 2 ms after 0's completion.
    List<HistoryEvent> page =
        List.of(
            scheduled(5, 0, 0.0),
            started(6, 5, 1.0),
            completed(7, 5, 53.0),
            scheduled(9, 1, 55.0),
            started(10, 9, 55.5),
            completed(11, 9, 107.0));
    Map<Integer, SubJobResult> results = Map.of(0, ran(0, 1.7, 52.7), 1, ran(1, 56.5, 106.0));

    SlotTurnaround t = SlotTurnaround.of(page, results);

    assertThat(t.dispatchMillis()).isCloseTo(0.75, within(1e-9));
    assertThat(t.deliveryMillis()).isCloseTo(0.85, within(1e-9));
    assertThat(t.reportMillis()).isCloseTo(0.65, within(1e-9));
    assertThat(t.nextLaunchMillis()).isCloseTo(2.0, within(1e-9));
    assertThat(t.describe())
        .isEqualTo(
            "per sub-job 0.75 ms to dispatch + 0.85 to start + 0.65 to report + 2.00 to the next"
                + " launch = 4.25");
  }

  @Test
  void subJobsOutsideTheGivenResultsCountOnlyForServerSideLegs() {
    List<HistoryEvent> page =
        List.of(scheduled(5, 7, 0.0), started(6, 5, 2.0), completed(7, 5, 60.0));

    SlotTurnaround t = SlotTurnaround.of(page, Map.of());

    assertThat(t.dispatchMillis()).isCloseTo(2.0, within(1e-9));
    assertThat(t.deliveryMillis()).isZero();
    assertThat(t.reportMillis()).isZero();
    assertThat(t.nextLaunchMillis()).isZero();
  }

  private static Instant at(double millis) {
    return T0.plusNanos(Math.round(millis * 1e6));
  }

  private static HistoryEvent.Builder event(long id, EventType type, double millis) {
    Instant t = at(millis);
    return HistoryEvent.newBuilder()
        .setEventId(id)
        .setEventType(type)
        .setEventTime(Timestamps.fromNanos(t.getEpochSecond() * 1_000_000_000L + t.getNano()));
  }

  private static HistoryEvent scheduled(long id, int taskIndex, double millis) {
    Payload invocation =
        Payload.newBuilder()
            .setData(ByteString.copyFromUtf8("{\"role\":\"TASK\",\"taskIndex\":" + taskIndex + "}"))
            .build();
    return event(id, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, millis)
        .setActivityTaskScheduledEventAttributes(
            ActivityTaskScheduledEventAttributes.newBuilder()
                .setInput(Payloads.newBuilder().addPayloads(invocation)))
        .build();
  }

  private static HistoryEvent started(long id, long scheduled, double millis) {
    return event(id, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, millis)
        .setActivityTaskStartedEventAttributes(
            ActivityTaskStartedEventAttributes.newBuilder().setScheduledEventId(scheduled))
        .build();
  }

  private static HistoryEvent completed(long id, long scheduled, double millis) {
    return event(id, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, millis)
        .setActivityTaskCompletedEventAttributes(
            ActivityTaskCompletedEventAttributes.newBuilder().setScheduledEventId(scheduled))
        .build();
  }

  private static SubJobResult ran(int index, double startMillis, double endMillis) {
    return new SubJobResult(
        index,
        "k" + index,
        SubJobState.SUCCEEDED,
        null,
        null,
        null,
        null,
        1,
        at(startMillis),
        at(endMillis),
        null,
        null);
  }
}
