package dev.fanout.app.bench;

import dev.fanout.logs.LogStore;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** How long process invocations ran, and how much CPU this JVM's finished children used. */
final class ProcessTimes {

  /** Linux's USER_HZ, which /proc reports CPU times in: 100 on every usual kernel. */
  private static final double TICKS_PER_SECOND = 100;

  private ProcessTimes() {}

  /**
   * Seconds from the process executor's {@code started} line to its {@code exited with} line in the
   * invocation's log: the command's own run, without the queue, the slot wait or the workflow.
   */
  static double ran(LogStore logs, String jobId, Role role, int taskIndex) {
    SlotSplit.Span span = span(logs, jobId, role, taskIndex);
    return Duration.between(span.start(), span.end()).toNanos() / 1e9;
  }

  /** When the invocation's command started and exited, by its log. */
  static SlotSplit.Span span(LogStore logs, String jobId, Role role, int taskIndex) {
    List<String> lines = logs.read(jobId, Invocation.logName(role, taskIndex), 0, 1_000_000);
    return new SlotSplit.Span(at(lines, "started process:"), at(lines, "exited with "));
  }

  /** Summed over a job's sub-jobs {@code 0..subJobs-1}. */
  static double ranSubJobs(LogStore logs, String jobId, int subJobs) {
    double sum = 0;
    for (int i = 0; i < subJobs; i++) {
      sum += ran(logs, jobId, Role.TASK, i);
    }
    return sum;
  }

  private static Instant at(List<String> lines, String text) {
    for (String line : lines) {
      int space = line.indexOf(' ');
      if (line.startsWith(text, space + 1)) {
        return Instant.parse(line.substring(0, space));
      }
    }
    throw new IllegalStateException("no '" + text + "' line in the log");
  }

  /**
   * User and system CPU seconds of every child process this JVM has waited for, with their own
   * waited-for descendants (the tools a sub-job's script ran): {@code cutime + cstime} of
   * /proc/self/stat.
   */
  static double childrenCpu() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    // Fields after the command name, which is in parentheses and may hold spaces: state is the
    // 3rd field of the line, cutime and cstime its 16th and 17th.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
  }
}
