package dev.fanout.app.cli;

import dev.fanout.app.JobService;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.Retrying;
import dev.fanout.job.StateCounts;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a job in the foreground, showing its progress: a bar redrawn in place on a terminal,
 * otherwise a line whenever the phase changes or every few seconds.
 */
final class JobWatcher {

  private static final long POLL_MILLIS = 250;
  private static final long PLAIN_EVERY_MILLIS = 5000;
  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private String lastPhase;
  private String lastLine;
  private long lastPrinted;

  JobWatcher(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  JobResult watch(JobService jobs, String jobId) throws Exception {
    CompletableFuture<JobResult> result = jobs.result(jobId);
    while (true) {
      try {
        JobResult done = result.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        show(jobs, jobId, true);
        return done;
      } catch (TimeoutException e) {
        show(jobs, jobId, false);
      } catch (java.util.concurrent.ExecutionException e) {
        show(jobs, jobId, true);
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }

  private void show(JobService jobs, String jobId, boolean last) {
    JobProgress progress;
    try {
      progress = jobs.progress(jobId);
    } catch (RuntimeException e) {
      return; // Not answerable yet (no workflow task run): the next poll will say.
    }
    String line = render(progress);
    long now = System.currentTimeMillis();
    if (terminal) {
      err.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
    } else if (!line.equals(lastLine)
        && (last
            || !progress.phase().name().equals(lastPhase)
            || now - lastPrinted >= PLAIN_EVERY_MILLIS)) {
      err.println(line);
      lastLine = line;
      lastPrinted = now;
    }
    lastPhase = progress.phase().name();
    err.flush();
  }

  static String render(JobProgress p) {
    StateCounts c = p.counts();
    int total = Math.max(p.total(), 1);
    int filled = (int) ((long) c.done() * BAR_WIDTH / total);
    if (p.total() == 0 && c.done() == 0) {
      filled = p.phase().subJobsEnded() ? BAR_WIDTH : 0;
    }
    return String.format(
            "[%s%s] %s %d/%d done, %d running, %d failed",
            "#".repeat(filled),
            ".".repeat(BAR_WIDTH - filled),
            p.phase(),
            c.done(),
            p.total(),
            c.running(),
            c.failed())
        + c.cachedNote()
        + Retrying.notes(p.retrying());
  }
}
