package dev.fanout.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.FailurePolicy;
import dev.fanout.job.FieldError;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.Retrying;
import dev.fanout.job.StateCounts;
import dev.fanout.workflow.owner.OwnedJob;
import java.time.Instant;
import java.util.List;

/** The JSON bodies of the API, as named in its OpenAPI document. */
final class ApiBodies {

  private ApiBodies() {}

  record ApiError(String error) {}

  /** A 400: every problem found, each naming its field. */
  record Invalid(String error, List<FieldError> errors) {}

  /** A 429: the owner's limit that the job would pass, its value and what they hold of it. */
  record LimitReached(String error, String limit, int value, int held) {}

  /** A started job; a redrive names the job it runs again. */
  record Submitted(String jobId, int maxParallel, String redriveOf) {}

  record JobList(String owner, List<OwnedJob> jobs) {}

  /**
   * A job: its progress, its output and results manifest once it succeeded, its error once it
   * failed.
   */
  record JobView(
      String jobId,
      String owner,
      JobPhase phase,
      int total,
      StateCounts counts,
      int maxParallel,
      FailurePolicy failurePolicy,
      Instant windowChangedAt,
      Instant startedAt,
      Instant updatedAt,
      String summary,
      JsonNode output,
      String results,
      String error,
      String redriveOf,
      List<String> redrives,
      List<Retrying> retrying) {

    /**
     * @param redriveOf the job this one runs again the unsucceeded sub-jobs of, if any
     * @param redrives the jobs that run this one's unsucceeded sub-jobs again
     */
    static JobView of(JobProgress p, String redriveOf, List<String> redrives) {
      return new JobView(
          p.jobId(),
          p.owner(),
          p.phase(),
          p.total(),
          p.counts(),
          p.maxParallel(),
          p.failurePolicy(),
          p.windowChangedAt(),
          p.startedAt(),
          p.updatedAt(),
          p.summary(),
          null,
          null,
          null,
          redriveOf,
          redrives,
          p.retrying());
    }

    JobView withResult(JobResult r) {
      return ended(r.output(), r.results(), null);
    }

    JobView withError(String message) {
      return ended(null, null, message);
    }

    private JobView ended(JsonNode output, String results, String error) {
      return new JobView(
          jobId,
          owner,
          phase,
          total,
          counts,
          maxParallel,
          failurePolicy,
          windowChangedAt,
          startedAt,
          updatedAt,
          summary,
          output,
          results,
          error,
          redriveOf,
          redrives,
          retrying);
    }
  }

  record LogLine(long number, String text) {}

  /**
   * @param nextOffset the offset to ask for next
   * @param last the invocation has ended and no line follows these
   */
  record LogPage(String task, int offset, List<LogLine> lines, int nextOffset, boolean last) {}

  record Cancelling(String jobId, boolean cancelling) {}
}
