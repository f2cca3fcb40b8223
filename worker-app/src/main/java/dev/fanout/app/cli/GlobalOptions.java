package dev.fanout.app.cli;

import dev.fanout.logs.LogStore;
import dev.fanout.usage.UsageLog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public class GlobalOptions {

  @Option(
      names = {"-v", "--verbose"},
      description = "Log more, and show stack traces with errors.")
  boolean verbose;

  @Option(
      names = "--log-format",
      defaultValue = "${env:FANOUT_LOG_FORMAT:-text}",
      description =
          "text, or json: one object per line with jobId, task and attempt (for a log collector)."
              + " Default: ${DEFAULT-VALUE}.")
  LogFormat logFormat;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      defaultValue = "${env:FANOUT_HOME:-${sys:user.home}/.fanout}",
      description =
          "Where Fanout keeps logs and recorded resource use (a shared filesystem in a cluster). Default: ${DEFAULT-VALUE}.")
  Path home;

  public LogStore logStore() {
    return new LogStore(home.resolve("logs"));
  }

  /** What sub-jobs asked for and used, per function (recorded by the slurm pool). */
  public UsageLog usageLog() {
    return new UsageLog(home.resolve("usage"));
  }
}
