package dev.fanout.app.cli;

import dev.fanout.app.TemporalSession;
import dev.fanout.job.JobProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show a job's phase and counts.")
public class StatusCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Mixin ConnectionOptions connection;
  @Mixin FormatOption format;

  @Override
  protected int doCall() throws Exception {
    try (TemporalSession session = connection.connect()) {
      JobProgress progress = session.jobs().progress(jobId);
      if (format.json()) {
        FormatOption.printJson(out(), progress);
      } else {
        out().println(progress.jobId() + " (" + progress.owner() + "): " + progress.summary());
        out()
            .println(
                "started "
                    + progress.startedAt()
                    + ", updated "
                    + progress.updatedAt()
                    + ", "
                    + progress.window().describe());
      }
      return EXIT_OK;
    }
  }
}
