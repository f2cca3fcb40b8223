package dev.fanout.app.cli;

import dev.fanout.app.JobService;
import dev.fanout.blobs.BlobStore;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --wait} for the commands that start a job and print its id ({@code submit}, {@code
 * resume}): the id first, alone on its line for scripts, then, when asked, the job's progress and
 * result.
 */
public class WaitOption {

  @Option(names = "--wait", description = "Show progress and print the result.")
  boolean await;

  @Mixin FormatOption format;

  void report(String jobId, JobService jobs, BlobStore blobs, PrintWriter out, PrintWriter err)
      throws Exception {
    out.println(jobId);
    out.flush();
    if (await) {
      ResultPrinter.print(
          new JobWatcher(err, System.console() != null).watch(jobs, jobId), format, out, blobs);
    }
  }
}
