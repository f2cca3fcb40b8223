package dev.fanout.app.bench;

import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a sub-job's slot time goes besides its own work, in means over one page: from the page's
 * history (the server's event times) against the results manifest (the attempt's own start and
 * end).
 *
 * @param dispatchMillis from the activity scheduled to the server handing it to a worker
 * @param deliveryMillis from there to Fanout's attempt starting in the worker
 * @param reportMillis from the attempt's end to the server recording the completion
 * @param nextLaunchMillis from a completion to the page scheduling the next sub-job in the slot
 */
record SlotTurnaround(
    double dispatchMillis, double deliveryMillis, double reportMillis, double nextLaunchMillis) {

  /** Reads one page's history; {@code results} by sub-job index, at least the page's. */
  static SlotTurnaround of(List<HistoryEvent> page, Map<Integer, SubJobResult> results) {
    Map<Long, Integer> indexByScheduled = new HashMap<>();
    Map<Long, Instant> scheduledAt = new HashMap<>();
    List<Instant> awaitingLaunch = new ArrayList<>();
    Mean dispatch = new Mean();
    Mean delivery = new Mean();
    Mean report = new Mean();
    Mean nextLaunch = new Mean();
    for (HistoryEvent e : page) {
      Instant at =
          Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
      switch (e.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          indexByScheduled.put(e.getEventId(), taskIndex(e));
          scheduledAt.put(e.getEventId(), at);
          awaitingLaunch.forEach(completed -> nextLaunch.add(completed, at));
          awaitingLaunch.clear();
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          long scheduled = e.getActivityTaskStartedEventAttributes().getScheduledEventId();
          dispatch.add(scheduledAt.get(scheduled), at);
          SubJobResult r = results.get(indexByScheduled.get(scheduled));
          if (r != null) {
            delivery.add(at, r.startedAt());
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          long scheduled = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
          SubJobResult r = results.get(indexByScheduled.get(scheduled));
          if (r != null) {
            report.add(r.endedAt(), at);
          }
          awaitingLaunch.add(at);
        }
        default -> {}
      }
    }
    return new SlotTurnaround(
        dispatch.millis(), delivery.millis(), report.millis(), nextLaunch.millis());
  }

  private static int taskIndex(HistoryEvent scheduled) {
    try {
      byte[] invocation =
          scheduled
              .getActivityTaskScheduledEventAttributes()
              .getInput()
              .getPayloads(0)
              .getData()
              .toByteArray();
      return Json.MAPPER.readTree(invocation).path("taskIndex").asInt(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  double totalMillis() {
    return dispatchMillis + deliveryMillis + reportMillis + nextLaunchMillis;
  }

  String describe() {
    return String.format(
        "per sub-job %.2f ms to dispatch + %.2f to start + %.2f to report + %.2f to the next launch"
            + " = %.2f",
        dispatchMillis, deliveryMillis, reportMillis, nextLaunchMillis, totalMillis());
  }

  private static final class Mean {
    private long nanos;
    private int count;

    void add(Instant from, Instant to) {
      nanos += Duration.between(from, to).toNanos();
      count++;
    }

    double millis() {
      return count == 0 ? 0 : nanos / 1e6 / count;
    }
  }
}
