package dev.fanout.executor.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.executor.RunState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one table from Slurm's job states to Fanout's. */
class SlurmStateTest {

  @Test
  void eachOfSlurmsStatesHasOneMeaning() {
    Map<String, RunState> expected = new LinkedHashMap<>();
    expected.put("PENDING", RunState.PENDING);
    expected.put("CONFIGURING", RunState.PENDING);
    expected.put("REQUEUED", RunState.PENDING);
    expected.put("REQUEUE_HOLD", RunState.PENDING);
    expected.put("RUNNING", RunState.RUNNING);
    expected.put("COMPLETING", RunState.RUNNING);
    expected.put("SUSPENDED", RunState.RUNNING);
    expected.put("STAGE_OUT", RunState.RUNNING);
    expected.put("COMPLETED", RunState.EXITED);
    expected.put("FAILED", RunState.EXITED);
    expected.put("SPECIAL_EXIT", RunState.EXITED);
    expected.put("TIMEOUT", RunState.TIMED_OUT);
    expected.put("OUT_OF_MEMORY", RunState.OUT_OF_MEMORY);
    expected.put("CANCELLED", RunState.CANCELLED);
    expected.put("CANCELLED by 1000", RunState.CANCELLED);
    expected.put("NODE_FAIL", RunState.INFRASTRUCTURE);
    expected.put("PREEMPTED", RunState.INFRASTRUCTURE);
    expected.put("BOOT_FAIL", RunState.INFRASTRUCTURE);
    expected.put("DEADLINE", RunState.INFRASTRUCTURE);
    expected.put("REVOKED", RunState.INFRASTRUCTURE);
    expected.put("SOMETHING_NEWER", RunState.UNKNOWN);

    expected.forEach(
        (state, meaning) -> assertThat(SlurmState.of(state)).as(state).isEqualTo(meaning));
  }
}
