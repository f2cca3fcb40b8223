package dev.fanout.app.cli;

import dev.fanout.app.temporal.HistoryReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "replay",
    description =
        "Replay recorded job histories (from `fanout history JOB > f.json`) against this"
            + " version's workflow code; exit 1 if any would break.")
public class ReplayCommand extends BaseCommand {

  @Parameters(paramLabel = "HISTORY", arity = "1..*", description = "History JSON files.")
  List<Path> histories;

  @Override
  protected int doCall() {
    int broken = 0;
    for (Path file : histories) {
      String json;
      try {
        json = Files.readString(file);
      } catch (IOException e) {
        throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
      }
      try {
        HistoryReplayer.replay(json);
        out().println("ok      " + file);
      } catch (Exception e) {
        broken++;
        out().println("BROKEN  " + file + ": " + e.getMessage());
      }
    }
    out().flush();
    return broken == 0 ? EXIT_OK : EXIT_JOB_FAILED;
  }
}
