package dev.fanout.executor.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one table from Slurm's job states to what a sub-job does next. */
class SlurmStateTest {

  @Test
  void eachOfSlurmsStatesHasOneMeaning() {
    Map<String, SlurmState> expected = new LinkedHashMap<>();
    expected.put("PENDING", SlurmState.PENDING);
    expected.put("CONFIGURING", SlurmState.PENDING);
    expected.put("REQUEUED", SlurmState.PENDING);
    expected.put("REQUEUE_HOLD", SlurmState.PENDING);
    expected.put("RUNNING", SlurmState.RUNNING);
    expected.put("COMPLETING", SlurmState.RUNNING);
    expected.put("SUSPENDED", SlurmState.RUNNING);
    expected.put("STAGE_OUT", SlurmState.RUNNING);
    expected.put("COMPLETED", SlurmState.COMPLETED);
    expected.put("FAILED", SlurmState.FAILED);
    expected.put("SPECIAL_EXIT", SlurmState.FAILED);
    expected.put("TIMEOUT", SlurmState.TIMEOUT);
    expected.put("OUT_OF_MEMORY", SlurmState.OUT_OF_MEMORY);
    expected.put("CANCELLED", SlurmState.CANCELLED);
    expected.put("CANCELLED by 1000", SlurmState.CANCELLED);
    expected.put("NODE_FAIL", SlurmState.INFRASTRUCTURE);
    expected.put("PREEMPTED", SlurmState.INFRASTRUCTURE);
    expected.put("BOOT_FAIL", SlurmState.INFRASTRUCTURE);
    expected.put("DEADLINE", SlurmState.INFRASTRUCTURE);
    expected.put("REVOKED", SlurmState.INFRASTRUCTURE);
    expected.put("SOMETHING_NEWER", SlurmState.UNKNOWN);

    expected.forEach(
        (state, meaning) -> assertThat(SlurmState.of(state)).as(state).isEqualTo(meaning));
  }

  @Test
  void onlyActiveAndUnknownStatesKeepASubJobWaiting() {
    assertThat(Arrays.stream(SlurmState.values()).filter(s -> !s.ended()))
        .containsExactlyInAnyOrder(SlurmState.PENDING, SlurmState.RUNNING, SlurmState.UNKNOWN);
  }
}
