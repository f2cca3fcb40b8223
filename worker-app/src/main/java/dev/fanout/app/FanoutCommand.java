package dev.fanout.app;

import dev.fanout.app.cli.BaseCommand;
import dev.fanout.app.cli.BenchCommand;
import dev.fanout.app.cli.CancelCommand;
import dev.fanout.app.cli.CleanCommand;
import dev.fanout.app.cli.DevCommand;
import dev.fanout.app.cli.ErrorHandler;
import dev.fanout.app.cli.HistoryCommand;
import dev.fanout.app.cli.JobsCommand;
import dev.fanout.app.cli.LogsCommand;
import dev.fanout.app.cli.PlotCommand;
import dev.fanout.app.cli.RedriveCommand;
import dev.fanout.app.cli.ReplayCommand;
import dev.fanout.app.cli.ResourcesCommand;
import dev.fanout.app.cli.ResultCommand;
import dev.fanout.app.cli.ResumeCommand;
import dev.fanout.app.cli.RunCommand;
import dev.fanout.app.cli.ScaleCommand;
import dev.fanout.app.cli.ServeCommand;
import dev.fanout.app.cli.SetupCommand;
import dev.fanout.app.cli.StatusCommand;
import dev.fanout.app.cli.SubmitCommand;
import dev.fanout.app.cli.TasksCommand;
import dev.fanout.app.cli.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    // --help and --version on every subcommand, as the README promises.
    scope = CommandLine.ScopeType.INHERIT,
    version = "fanout 0.1.0",
    description = "Run one job as many parallel sub-jobs on Temporal, and get one result back.",
    subcommands = {
      RunCommand.class,
      DevCommand.class,
      SetupCommand.class,
      ServeCommand.class,
      WorkerCommand.class,
      SubmitCommand.class,
      JobsCommand.class,
      ResumeCommand.class,
      StatusCommand.class,
      TasksCommand.class,
      LogsCommand.class,
      ScaleCommand.class,
      CancelCommand.class,
      RedriveCommand.class,
      ResultCommand.class,
      PlotCommand.class,
      HistoryCommand.class,
      ReplayCommand.class,
      CleanCommand.class,
      ResourcesCommand.class,
      BenchCommand.class
    })
public class FanoutCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  /** The command line that Main runs and tests drive. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new FanoutCommand());
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine().getErr().println("error: " + ex.getMessage());
          ex.getCommandLine().usage(ex.getCommandLine().getErr());
          return BaseCommand.EXIT_INVALID_INPUT;
        });
    return commandLine;
  }
}
