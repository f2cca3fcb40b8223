package dev.fanout.app.cli;

import dev.fanout.app.TemporalSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "result", description = "Wait for a job's result and print it.")
public class ResultCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Mixin ConnectionOptions connection;
  @Mixin FormatOption format;
  @Mixin BlobOptions blobOptions;

  @Override
  protected int doCall() throws Exception {
    try (TemporalSession session = connection.connect()) {
      ResultPrinter.print(
          session.jobs().result(jobId).join(), format, out(), blobOptions.open(global));
      return EXIT_OK;
    }
  }
}
