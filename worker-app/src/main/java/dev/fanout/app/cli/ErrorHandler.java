package dev.fanout.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Every error is one line on stderr and a named exit code; the stack trace only with --verbose. */
public final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    Failures.Verdict verdict = Failures.judge(e);
    commandLine.getErr().println("error: " + verdict.message());
    if (commandLine.getCommand() instanceof BaseCommand command && command.global.verbose) {
      e.printStackTrace(commandLine.getErr());
    }
    commandLine.getErr().flush();
    return verdict.exitCode();
  }
}
