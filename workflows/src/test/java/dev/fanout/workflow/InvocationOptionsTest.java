package dev.fanout.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobSpec;
import dev.fanout.job.Json;
import dev.fanout.job.Resources;
import io.temporal.common.Priority;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationOptionsTest {

  private static JobSpec spec(Duration taskTimeout) {
    return spec(null, taskTimeout, null, null);
  }

  private static JobSpec spec(
      String owner, Duration taskTimeout, Integer priority, Integer fairnessWeight) {
    return new JobSpec(
            owner,
            FunctionRef.java("m"),
            FunctionRef.java("t"),
            null,
            null,
            null,
            null,
            null,
            taskTimeout,
            null,
            priority,
            fairnessWeight,
            null,
            null)
        .withDefaults();
  }

  private static FunctionRef lambda(Duration walltime) {
    return new FunctionRef(
        "lambda",
        null,
        null,
        null,
        "f",
        null,
        null,
        null,
        new Resources(null, null, null, walltime));
  }

  @Test
  void aLambdasAttemptEndsSoonAfterTheFunctionMust() {
    assertThat(InvocationOptions.timeout(lambda(Duration.ofMinutes(2)), spec(null)))
        .isEqualTo(Duration.ofMinutes(3));
    assertThat(InvocationOptions.timeout(lambda(null), spec(null)))
        .isEqualTo(Duration.ofMinutes(16));
    assertThat(InvocationOptions.timeout(lambda(Duration.ofHours(1)), spec(null)))
        .isEqualTo(Duration.ofMinutes(16));
    assertThat(
            InvocationOptions.timeout(lambda(Duration.ofMinutes(2)), spec(Duration.ofSeconds(90))))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void everyActivityCarriesTheJobsPriorityAndItsOwnerAsFairnessKey() {
    JobSpec spec = spec("alice", null, 1, 2);

    Priority priority =
        InvocationOptions.forFunction(spec.task(), spec, "sub-job 0", false).getPriority();

    assertThat(priority.getPriorityKey()).isEqualTo(1);
    assertThat(priority.getFairnessKey()).isEqualTo("alice");
    assertThat(priority.getFairnessWeight()).isEqualTo(2.0f);
    assertThat(Share.of(priority)).isEqualTo(new Share(1, "alice", 2));
  }

  @Test
  void aSpecRecordedBeforePriorityGetsTemporalsDefaults() throws Exception {
    // As a page started before priority reads its spec back from its history.
    ObjectNode recorded = Json.MAPPER.valueToTree(spec("bob", null, null, null));
    recorded.remove(List.of("priority", "fairnessWeight"));
    JobSpec old = Json.MAPPER.treeToValue(recorded, JobSpec.class);
    assertThat(old.priority()).isNull();

    Priority priority =
        InvocationOptions.forFunction(old.task(), old, "sub-job 0", false).getPriority();

    assertThat(Share.of(priority)).isEqualTo(new Share(3, "bob", 1));
    assertThat(Share.of(Priority.getDefaultInstance())).isEqualTo(Share.DEFAULT);
  }

  @Test
  void theShareNeverTravelsInTheInvocationsPayload() throws Exception {
    Invocation invocation =
        Invocation.task("j", 0, "k", FunctionRef.java("t"), null)
            .withShare(new Share(1, "alice", 2));

    String json = Json.MAPPER.writeValueAsString(invocation);
    Invocation back = Json.MAPPER.readValue(json, Invocation.class);

    assertThat(json).doesNotContain("share").doesNotContain("alice");
    assertThat(back.share()).isEqualTo(Share.DEFAULT);
    assertThat(back.withShare(invocation.share()).share()).isEqualTo(new Share(1, "alice", 2));
  }

  @Test
  void otherExecutorsTakeTheJobsTaskTimeout() {
    assertThat(InvocationOptions.timeout(FunctionRef.java("t"), spec(Duration.ofHours(2))))
        .isEqualTo(Duration.ofHours(2));
  }
}
