package dev.fanout.app;

import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.logs.LogStore;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Role;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A job's invocation logs as a client pages through them, knowing when no line can follow. */
public final class JobLogs {

  /**
   * Lines {@code offset..offset+limit} of one log.
   *
   * @param last the invocation has ended and no line follows these
   */
  public record Page(List<String> lines, boolean last) {}

  private final JobService jobs;
  private final LogStore logs;

  public JobLogs(JobService jobs, LogStore logs) {
    this.jobs = jobs;
    this.logs = logs;
  }

  /**
   * @param index the sub-job's index when {@code role} is {@link Role#TASK}, else 0
   */
  public Page read(JobProgress job, Role role, int index, int offset, int limit) {
    // One line more than asked says whether the page is the log's end.
    List<String> lines = logs.read(job.jobId(), Invocation.logName(role, index), offset, limit + 1);
    boolean more = lines.size() > limit;
    boolean ended =
        ended(
            role,
            job.phase(),
            () ->
                jobs.tasks(job.jobId(), index, 1, null).tasks().stream()
                    .allMatch(t -> t.state().isFinal()));
    return new Page(List.copyOf(lines.subList(0, Math.min(limit, lines.size()))), ended && !more);
  }

  /**
   * Whether an invocation's log is complete: the mapper's once the job is past mapping, the
   * reducer's once the job has ended, a sub-job's once every sub-job has stopped or, before, once
   * that one is final (asked only then).
   */
  static boolean ended(Role role, JobPhase phase, BooleanSupplier subJobFinal) {
    return switch (role) {
      case MAPPER -> phase != JobPhase.MAPPING;
      case REDUCER -> phase.ended();
      case TASK -> phase.subJobsEnded() || subJobFinal.getAsBoolean();
    };
  }
}
