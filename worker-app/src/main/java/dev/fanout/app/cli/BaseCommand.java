package dev.fanout.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Every subcommand: exit codes named once, shared options, output streams. */
public abstract class BaseCommand implements Callable<Integer> {

  public static final int EXIT_OK = 0;
  public static final int EXIT_JOB_FAILED = 1;
  public static final int EXIT_INVALID_INPUT = 2;
  public static final int EXIT_UNAVAILABLE = 3;
  public static final int EXIT_INTERNAL_ERROR = 4;

  @Mixin protected GlobalOptions global;

  @Spec protected CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    global.logFormat.apply();
    Level level = global.verbose ? Level.DEBUG : quietLevel();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("dev.fanout").setLevel(level);
    if (global.verbose) {
      ((LoggerContext) LoggerFactory.getILoggerFactory())
          .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
          .setLevel(Level.INFO);
    }
    return doCall();
  }

  /**
   * How much Fanout itself logs without {@code --verbose}; servers say more than one-shot commands.
   */
  protected Level quietLevel() {
    return Level.WARN;
  }

  protected abstract int doCall() throws Exception;

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
