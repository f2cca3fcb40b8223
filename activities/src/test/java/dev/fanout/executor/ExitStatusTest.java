package dev.fanout.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.job.FailureType;
import org.junit.jupiter.api.Test;

class ExitStatusTest {

  @Test
  void zeroSucceeds() {
    assertThatCode(() -> new ExitStatus(0).check(new OutputTail())).doesNotThrowAnyException();
  }

  @Test
  void anotherCodeFailsQuotingTheLastOutput() {
    OutputTail tail = new OutputTail();
    tail.add("no reads in s7.fa");
    assertThatThrownBy(() -> new ExitStatus(4).check(tail))
        .isInstanceOfSatisfying(
            InvocationException.class,
            e -> {
              assertThat(e.type())
                  .isEqualTo(FailureType.NON_ZERO_EXIT.type())
                  .isEqualTo("NonZeroExit");
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).isEqualTo("exit code 4; last output:\nno reads in s7.fa");
            });
  }

  @Test
  void aCodeAbove128IsTheSignalThatKilledIt() {
    assertThat(new ExitStatus(137).describe()).isEqualTo("exit code 137 (killed by signal 9)");
    assertThat(new ExitStatus(128).describe()).isEqualTo("exit code 128");
  }

  @Test
  void aSignalCountsAs128PlusItsNumber() {
    assertThat(ExitStatus.of(0, 9)).isEqualTo(new ExitStatus(137));
    assertThat(ExitStatus.of(3, 0)).isEqualTo(new ExitStatus(3));
  }
}
