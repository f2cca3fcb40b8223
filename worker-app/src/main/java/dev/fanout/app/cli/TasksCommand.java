package dev.fanout.app.cli;

import dev.fanout.app.TemporalSession;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tasks", description = "List a job's sub-jobs: params, state, attempts, times.")
public class TasksCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Option(names = "--state", description = "Only these: ${COMPLETION-CANDIDATES}.")
  SubJobState state;

  @Option(names = "--offset", defaultValue = "0")
  int offset;

  @Option(names = "--limit", defaultValue = "100")
  int limit;

  @Mixin ConnectionOptions connection;
  @Mixin FormatOption format;

  @Override
  protected int doCall() throws Exception {
    try (TemporalSession session = connection.connect()) {
      TaskPage page = session.jobs().tasks(jobId, offset, limit, state);
      if (format.json()) {
        FormatOption.printJson(out(), page);
        return EXIT_OK;
      }
      // The mapper and reducer are no sub-jobs, but a user looking for failures wants them too.
      session.jobs().retrying(jobId).forEach(out()::println);
      List<List<String>> rows =
          page.tasks().stream()
              .map(
                  t ->
                      List.of(
                          String.valueOf(t.index()),
                          t.key(),
                          t.state().name(),
                          String.valueOf(t.attempts()),
                          Objects.toString(t.startedAt(), ""),
                          Objects.toString(t.endedAt(), ""),
                          Objects.toString(t.executorId(), ""),
                          error(t)))
              .toList();
      out()
          .print(
              TextTable.render(
                  List.of("#", "key", "state", "attempts", "started", "ended", "executor", "error"),
                  rows));
      out()
          .println(
              "sub-jobs "
                  + page.offset()
                  + "-"
                  + (page.offset() + page.tasks().size())
                  + " of "
                  + page.matching());
      return EXIT_OK;
    }
  }

  private static String error(SubJobResult t) {
    return t.error() == null ? "" : t.error().type() + ": " + t.error().message();
  }
}
