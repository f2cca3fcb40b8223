package dev.fanout.app.cli;

import dev.fanout.app.TemporalSession;
import dev.fanout.job.JobWindow;
import dev.fanout.workflow.job.WindowChange;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "scale",
    description =
        "Change a running job's window (maxParallel) or failure tolerance. A wider window starts"
            + " more sub-jobs at once; a narrower one lets running ones finish and starts none"
            + " until fewer run than it allows.")
public class ScaleCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Option(names = "--max-parallel", paramLabel = "N", description = "The new window.")
  Integer maxParallel;

  @ArgGroup(exclusive = true)
  Tolerance tolerance = new Tolerance();

  static class Tolerance {
    @Option(
        names = "--tolerated-failures",
        paramLabel = "N",
        description = "Failed sub-jobs the job tolerates before it stops.")
    Integer count;

    @Option(
        names = "--tolerated-failure-percent",
        paramLabel = "P",
        description = "The percent of all sub-jobs that may fail before the job stops.")
    Double percent;
  }

  @Mixin ConnectionOptions connection;
  @Mixin FormatOption format;

  @Override
  protected int doCall() throws Exception {
    if (maxParallel == null && tolerance.count == null && tolerance.percent == null) {
      throw new UserInputException(
          "nothing to change: give --max-parallel, --tolerated-failures or"
              + " --tolerated-failure-percent");
    }
    try (TemporalSession session = connection.connect()) {
      JobWindow window;
      try {
        window =
            session
                .jobs()
                .scale(
                    jobId, new WindowChange(maxParallel, tolerance.count, tolerance.percent), null);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UserInputException(e.getMessage());
      }
      if (format.json()) {
        FormatOption.printJson(out(), window);
      } else {
        out().println(jobId + ": " + window.describe());
      }
      return EXIT_OK;
    }
  }
}
