package dev.fanout.app.cli;

import dev.fanout.logs.LogStore;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Role;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "logs",
    description =
        "Print a job's logs from the log store (--home): the mapper's, a sub-job's or the"
            + " reducer's. Without --task, list which logs the job has.")
public class LogsCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Option(
      names = "--task",
      paramLabel = "INDEX|mapper|reducer",
      description = "Whose log: a sub-job's index, mapper or reducer.")
  String task;

  @Option(names = "--offset", defaultValue = "0", description = "First line (0-based).")
  long offset;

  @Option(names = "--limit", defaultValue = "10000")
  int limit;

  @Override
  protected int doCall() {
    LogStore logs = global.logStore();
    if (task == null) {
      List<String> names = logs.names(jobId);
      if (names.isEmpty()) {
        throw new UserInputException("no logs for job '" + jobId + "' under " + logs.root());
      }
      names.forEach(out()::println);
      return EXIT_OK;
    }
    logs.read(jobId, logName(task), offset, limit).forEach(out()::println);
    return EXIT_OK;
  }

  private static String logName(String task) {
    if (task.equals("mapper") || task.equals("reducer")) {
      return task;
    }
    try {
      return Invocation.logName(Role.TASK, Integer.parseInt(task));
    } catch (NumberFormatException e) {
      throw new UserInputException(
          "--task: expected a sub-job index, mapper or reducer, was '" + task + "'");
    }
  }
}
