package dev.fanout.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.internal.testservice.TestServicesStarter;
import org.junit.jupiter.api.Test;

/**
 * The test server workaround must still reach the timer on the pinned SDK: if an upgrade moves the
 * fields, this fails instead of the embedded server quietly slowing down again. Every job the CLI
 * tests run goes through a server with the workaround in place.
 */
class TimerLockLogTest {

  @Test
  void installsInTheServersServices() {
    try (TestServicesStarter services = new TestServicesStarter(true, 0)) {
      assertThat(TimerLockLog.install(services, "workflowStore", "selfAdvancingTimer")).isTrue();
    }
  }

  @Test
  void refusesAnythingButTheTimer() {
    try (TestServicesStarter services = new TestServicesStarter(true, 0)) {
      assertThat(TimerLockLog.install(services, "workflowStore")).isFalse();
      assertThat(TimerLockLog.install(services, "noSuchField")).isFalse();
    }
  }

  @Test
  void keepsNothingAndReleasesAnything() {
    TimerLockLog log = new TimerLockLog();
    assertThat(log.add("lock")).isTrue();
    assertThat(log).isEmpty();
    assertThat(log.remove("a lock never seen")).isTrue();
  }
}
