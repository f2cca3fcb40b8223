package dev.fanout.app.cli;

import dev.fanout.app.TemporalSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", description = "Cancel a job and every sub-job it is running.")
public class CancelCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Mixin ConnectionOptions connection;

  @Override
  protected int doCall() throws Exception {
    try (TemporalSession session = connection.connect()) {
      session.jobs().cancel(jobId);
      out().println("cancel requested for " + jobId);
      return EXIT_OK;
    }
  }
}
