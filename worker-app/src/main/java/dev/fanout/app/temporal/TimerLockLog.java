package dev.fanout.app.temporal;

import static dev.fanout.app.temporal.TestServerInternals.field;

import java.util.LinkedList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Temporal's test server from slowing down with every activity it runs.
 *
 * <p>The server's self-advancing timer (temporal-test-server 1.38.0) appends every time-lock and
 * unlock to a list kept "for debugging purposes only". Locks taken for a scheduled task are
 * released by a separate unlock event, so neither is ever removed, while releasing a lock handle
 * searches the list from its head. So each activity the server has run makes every later one
 * slower: 10,000 sub-jobs of 50 ms used 34-60% of their slots, 100,000 no-ops ran at a quarter of
 * the rate of 10,000, and a quarter of the CPU went to that search.
 *
 * <p>This replaces the list with one that keeps nothing. The timer's own lock count, which decides
 * whether time may skip, is separate and unchanged; what is lost is the event list in the server's
 * diagnostics dump and its check that no handle is released twice. If a later SDK moves these
 * fields, the server runs as shipped and a warning says so.
 */
final class TimerLockLog extends LinkedList<Object> {

  private static final Logger log = LoggerFactory.getLogger(TimerLockLog.class);

  private static final String TIMER_CLASS =
      "io.temporal.internal.testservice.SelfAdvancingTimerImpl";

  TimerLockLog() {}

  /**
   * Installs the list in the timer reached from {@code owner} by following the field names in
   * {@code path}; returns whether it could.
   */
  static boolean install(Object owner, String... path) {
    try {
      Object timer = owner;
      for (String name : path) {
        timer = field(timer.getClass(), name).get(timer);
      }
      if (!timer.getClass().getName().equals(TIMER_CLASS)) {
        throw new NoSuchFieldException("not " + TIMER_CLASS + ": " + timer.getClass());
      }
      field(timer.getClass(), "lockEvents").set(timer, new TimerLockLog());
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "Temporal's test server could not be tuned ({}); it will slow down as it runs more"
              + " activities",
          e.toString());
      return false;
    }
  }

  @Override
  public boolean add(Object event) {
    return true;
  }

  @Override
  public boolean remove(Object event) {
    return true;
  }
}
