package dev.fanout.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobSpec;
import dev.fanout.job.Resources;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvocationOptionsTest {

  private static JobSpec spec(Duration taskTimeout) {
    return new JobSpec(
            null,
            FunctionRef.java("m"),
            FunctionRef.java("t"),
            null,
            null,
            null,
            null,
            null,
            taskTimeout,
            null,
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
  void otherExecutorsTakeTheJobsTaskTimeout() {
    assertThat(InvocationOptions.timeout(FunctionRef.java("t"), spec(Duration.ofHours(2))))
        .isEqualTo(Duration.ofHours(2));
  }
}
