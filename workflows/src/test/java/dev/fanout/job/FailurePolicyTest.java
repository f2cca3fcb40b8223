package dev.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailurePolicyTest {

  @Test
  void noThresholdToleratesNothing() {
    FailurePolicy none = new FailurePolicy(null, null);
    assertThat(none.isExceeded(0, 10)).isFalse();
    assertThat(none.isExceeded(1, 10)).isTrue();
  }

  @Test
  void countThresholdIsInclusive() {
    FailurePolicy two = new FailurePolicy(2, null);
    assertThat(two.isExceeded(2, 10)).isFalse();
    assertThat(two.isExceeded(3, 10)).isTrue();
  }

  @Test
  void percentThresholdIsOfAllSubJobs() {
    FailurePolicy tenPercent = new FailurePolicy(null, 10.0);
    assertThat(tenPercent.isExceeded(10, 100)).isFalse();
    assertThat(tenPercent.isExceeded(11, 100)).isTrue();
  }

  @Test
  void eitherThresholdStopsTheJob() {
    FailurePolicy both = new FailurePolicy(5, 10.0);
    assertThat(both.isExceeded(6, 1000)).isTrue();
    assertThat(both.isExceeded(3, 20)).isTrue();
    assertThat(both.isExceeded(2, 20)).isFalse();
  }
}
