package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.StateCounts;
import dev.fanout.workflow.Role;
import dev.fanout.workflow.owner.OwnedJob;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules of what may happen to a job in which phase, decided before Temporal is asked anything:
 * the service here has no client, so a rule that let the call through would fail on it.
 */
class JobRulesTest {

  private static final EnumSet<JobPhase> ENDED =
      EnumSet.of(JobPhase.SUCCEEDED, JobPhase.FAILED, JobPhase.CANCELLED);

  private final JobService noClient = new JobService(null);

  private static JobProgress in(JobPhase phase) {
    return new JobProgress(
        "job-1",
        "alice",
        phase,
        4,
        StateCounts.allPending(4),
        2,
        FailurePolicy.NONE_TOLERATED,
        null,
        Instant.EPOCH,
        Instant.EPOCH,
        JobProgress.summary(phase, StateCounts.allPending(4)),
        List.of());
  }

  @ParameterizedTest
  @EnumSource(
      value = JobPhase.class,
      names = {"SUCCEEDED", "FAILED", "CANCELLED"})
  void anEndedJobCannotBeCancelled(JobPhase phase) {
    assertThatThrownBy(() -> noClient.cancel(in(phase)))
        .isInstanceOf(JobConflictException.class)
        .hasMessage("job 'job-1' has ended: " + phase);
  }

  @ParameterizedTest
  @EnumSource(
      value = JobPhase.class,
      names = {"MAPPING", "RUNNING", "REDUCING", "CANCELLING"})
  void aJobThatHasNotEndedCannotBeRedriven(JobPhase phase) {
    assertThatThrownBy(() -> noClient.redrive(in(phase), null, JobService.NO_LIMITS))
        .isInstanceOf(JobConflictException.class)
        .hasMessage("job 'job-1' has not ended: " + phase);
  }

  @Test
  void theMappersLogEndsWithMappingAndTheReducersWithTheJob() {
    for (JobPhase phase : JobPhase.values()) {
      assertThat(JobLogs.ended(Role.MAPPER, phase, JobRulesTest::notAsked))
          .as(phase.name())
          .isEqualTo(phase != JobPhase.MAPPING);
      assertThat(JobLogs.ended(Role.REDUCER, phase, JobRulesTest::notAsked))
          .as(phase.name())
          .isEqualTo(ENDED.contains(phase));
    }
  }

  @Test
  void aSubJobsLogEndsWhenAllSubJobsHaveStoppedOrItselfIsFinal() {
    AtomicInteger asked = new AtomicInteger();
    for (JobPhase phase : List.of(JobPhase.REDUCING, JobPhase.SUCCEEDED, JobPhase.CANCELLED)) {
      assertThat(JobLogs.ended(Role.TASK, phase, JobRulesTest::notAsked)).as(phase.name()).isTrue();
    }
    for (JobPhase phase : List.of(JobPhase.RUNNING, JobPhase.CANCELLING)) {
      assertThat(JobLogs.ended(Role.TASK, phase, () -> asked.incrementAndGet() < 0))
          .as(phase + ", the sub-job still running")
          .isFalse();
      assertThat(JobLogs.ended(Role.TASK, phase, () -> asked.incrementAndGet() > 0))
          .as(phase + ", the sub-job final")
          .isTrue();
    }
    assertThat(asked).as("asked only while sub-jobs may still run").hasValue(4);
  }

  @Test
  void lineageIsReadBothWaysFromTheOwnersJobs() {
    List<OwnedJob> owned =
        List.of(
            owned("third", "second"),
            owned("other", null),
            owned("second", "first"),
            owned("again", "first"),
            owned("first", null));

    assertThat(Lineage.of("first", owned)).isEqualTo(new Lineage(null, List.of("second", "again")));
    assertThat(Lineage.of("second", owned)).isEqualTo(new Lineage("first", List.of("third")));
    assertThat(Lineage.of("unknown", owned)).isEqualTo(new Lineage(null, List.of()));
  }

  private static OwnedJob owned(String id, String redriveOf) {
    return new OwnedJob(id, Instant.EPOCH, 1, JobPhase.SUCCEEDED, redriveOf);
  }

  private static boolean notAsked() {
    throw new AssertionError("the sub-job's state is not needed here");
  }
}
