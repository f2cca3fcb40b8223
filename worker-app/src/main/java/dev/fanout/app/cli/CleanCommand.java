package dev.fanout.app.cli;

import dev.fanout.logs.LogStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "clean",
    description =
        "Remove a finished job's temporary data: its logs, work directories and blobs. The job's"
            + " record in Temporal (status, result, history) stays.")
public class CleanCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Mixin BlobOptions blobOptions;

  @Override
  protected int doCall() throws Exception {
    int logs = global.logStore().delete(jobId);
    int work = LogStore.deleteTree(global.home.resolve("work").resolve(LogStore.safe(jobId)));
    int blobFiles = blobOptions.open(global).deleteAll(jobId);
    out()
        .printf(
            "removed %d log(s), %d work file(s) and %d blob(s) of %s%n",
            logs, work, blobFiles, jobId);
    return EXIT_OK;
  }
}
