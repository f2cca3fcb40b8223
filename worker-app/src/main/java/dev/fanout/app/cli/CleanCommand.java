package dev.fanout.app.cli;

import dev.fanout.blobs.BlobStores;
import dev.fanout.logs.LogStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "clean",
    description =
        "Remove a finished job's temporary data: its logs, work directories and blobs. The job's"
            + " record in Temporal (status, result, history) stays.")
public class CleanCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Option(
      names = "--blobs",
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description = "The workers' blob store. Default: the blobs folder of --home.")
  String blobs;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      defaultValue = "${env:FANOUT_S3_ENDPOINT}",
      description = "An S3-compatible endpoint for s3:// blobs (default: AWS).")
  String s3Endpoint;

  @Override
  protected int doCall() throws Exception {
    int logs = global.logStore().delete(jobId);
    int work = LogStore.deleteTree(global.home.resolve("work").resolve(LogStore.safe(jobId)));
    int blobFiles =
        BlobStores.open(blobs != null ? blobs : global.home.resolve("blobs").toString(), s3Endpoint)
            .deleteAll(jobId);
    out()
        .printf(
            "removed %d log(s), %d work file(s) and %d blob(s) of %s%n",
            logs, work, blobFiles, jobId);
    return EXIT_OK;
  }
}
