package dev.fanout.app.cli;

import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.StateCounts;
import dev.fanout.workflow.owner.OwnedJob;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "jobs",
    description =
        "List an owner's jobs, newest first, as their ledger lists them (GET /jobs): phase, window"
            + " and counts of each.")
public class JobsCommand extends BaseCommand {

  @Mixin OwnerOption owner;

  @Option(names = "--state", description = "Only jobs in this phase: ${COMPLETION-CANDIDATES}.")
  JobPhase state;

  @Option(names = "--limit", defaultValue = "20", description = "At most this many.")
  int limit;

  @Mixin ConnectionOptions connection;
  @Mixin FormatOption format;

  /**
   * One listed job.
   *
   * @param phase as the job says, which the ledger knows only as RUNNING until the job has ended
   * @param counts null when the job is no longer on the server
   */
  record Listed(
      String jobId,
      Instant submittedAt,
      JobPhase phase,
      int maxParallel,
      StateCounts counts,
      String redriveOf) {}

  @Override
  protected int doCall() throws Exception {
    if (limit < 1) {
      throw new UserInputException("--limit: expected at least 1, was " + limit);
    }
    try (TemporalSession session = connection.connect()) {
      JobService jobs = session.jobs();
      List<Listed> listed =
          jobs.ownedJobs(owner.owner, state, limit).stream().map(j -> listed(jobs, j)).toList();
      if (format.json()) {
        FormatOption.printJson(out(), listed);
        return EXIT_OK;
      }
      if (!listed.isEmpty()) {
        out()
            .print(
                TextTable.render(
                    List.of(
                        "job",
                        "submitted",
                        "phase",
                        "window",
                        "done",
                        "running",
                        "failed",
                        "redrive of"),
                    listed.stream().map(JobsCommand::row).toList()));
      }
      out().println(listed.size() + " job(s) of " + owner.owner);
      return EXIT_OK;
    }
  }

  private static Listed listed(JobService jobs, OwnedJob job) {
    JobProgress progress;
    try {
      progress = jobs.progress(job.jobId());
    } catch (WorkflowNotFoundException e) {
      // Past the namespace's retention: the ledger remembers it, the server does not.
      return new Listed(
          job.jobId(), job.submittedAt(), job.phase(), job.maxParallel(), null, job.redriveOf());
    }
    return new Listed(
        job.jobId(),
        job.submittedAt(),
        progress.phase(),
        progress.maxParallel(),
        progress.counts(),
        job.redriveOf());
  }

  private static List<String> row(Listed job) {
    StateCounts c = job.counts();
    return List.of(
        job.jobId(),
        String.valueOf(job.submittedAt()),
        job.phase().name(),
        String.valueOf(job.maxParallel()),
        c == null ? "" : c.done() + "/" + c.total(),
        c == null ? "" : String.valueOf(c.running()),
        c == null ? "" : String.valueOf(c.failed()),
        Objects.toString(job.redriveOf(), ""));
  }
}
