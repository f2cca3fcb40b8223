package dev.fanout.app.cli;

import dev.fanout.app.TemporalSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "history",
    description = "Print a job's Temporal history as JSON, for replay tests: history JOB > f.json")
public class HistoryCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Mixin ConnectionOptions connection;

  @Override
  protected int doCall() throws Exception {
    try (TemporalSession session = connection.connect()) {
      out().println(session.jobs().historyJson(jobId));
      return EXIT_OK;
    }
  }
}
