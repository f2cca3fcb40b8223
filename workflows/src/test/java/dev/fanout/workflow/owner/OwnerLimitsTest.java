package dev.fanout.workflow.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.job.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnerLimitsTest {

  @Test
  void anOwnerNotNamedWeighsOne() {
    OwnerLimits limits = new OwnerLimits(2, 10, Map.of("alice", 3));

    assertThat(limits.weightOf("alice")).isEqualTo(3);
    assertThat(limits.weightOf("bob")).isEqualTo(1);
    assertThat(new OwnerLimits(2, 10).weightOf("alice")).isEqualTo(1);
  }

  @Test
  void aWeightOutOfRangeIsRefusedNamingTheOwner() {
    assertThatThrownBy(() -> new OwnerLimits(2, 10, Map.of("alice", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the weight of alice must be between 1 and 1000, was 0");
  }

  /** A ledger's history holds submissions from before weights, whose limits have none. */
  @Test
  void limitsRecordedBeforeWeightsReadAsEveryoneOne() throws Exception {
    OwnerLimits old =
        Json.MAPPER.readValue(
            "{\"maxActiveJobs\": 2, \"maxRunningSubJobs\": 10}", OwnerLimits.class);

    assertThat(old).isEqualTo(new OwnerLimits(2, 10));
    assertThat(old.weightOf("alice")).isEqualTo(1);
  }
}
