package dev.fanout.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.job.FailureType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RunStateTest {

  @Test
  void onlyActiveAndUnknownStatesKeepASubJobWaiting() {
    assertThat(Arrays.stream(RunState.values()).filter(s -> !s.ended()))
        .containsExactlyInAnyOrder(RunState.PENDING, RunState.RUNNING, RunState.UNKNOWN);
  }

  @Test
  void theEndingsThatAreTheSubJobsOwnFailureNameIt() {
    assertThat(RunState.TIMED_OUT.failure()).contains(FailureType.TIMEOUT);
    assertThat(RunState.OUT_OF_MEMORY.failure()).contains(FailureType.OUT_OF_MEMORY);
    assertThat(RunState.CANCELLED.failure()).contains(FailureType.CANCELLED);
    assertThat(RunState.EXITED.failure()).isEmpty();
    assertThat(RunState.INFRASTRUCTURE.failure()).isEmpty();
  }
}
