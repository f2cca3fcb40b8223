package dev.fanout.logs;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The SLF4J logger a handler is given: its lines land in the invocation's {@link TaskLog}, where
 * the job's owner reads them, and also go to the worker's own log for operators.
 */
public final class TaskLogger extends LegacyAbstractLogger {

  private static final Logger WORKER_LOG = LoggerFactory.getLogger("dev.fanout.handler");
  private final transient TaskLog log;

  public TaskLogger(TaskLog log) {
    this.log = log;
    this.name = "fanout.task";
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] args, Throwable t) {
    String message = MessageFormatter.basicArrayFormat(pattern, args);
    log.line(level + " " + message + (t == null ? "" : System.lineSeparator() + stackTrace(t)));
    WORKER_LOG.atLevel(level).setCause(t).log(message);
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString().stripTrailing();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  public boolean isTraceEnabled() {
    return false;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }
}
