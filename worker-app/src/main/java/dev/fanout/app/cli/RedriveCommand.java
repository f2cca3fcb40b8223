package dev.fanout.app.cli;

import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.blobs.BlobStore;
import dev.fanout.workflow.owner.Admission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "redrive",
    description =
        "Start a new job, through the owner's ledger, that runs again only the sub-jobs of an ended"
            + " job that did not succeed (POST /jobs/{id}/redrive); print its id.")
public class RedriveCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB", description = "The ended job.")
  String jobId;

  @Mixin ConnectionOptions connection;
  @Mixin FormatOption format;
  @Mixin BlobOptions blobOptions;

  /** What {@code --format json} prints: as the API's answer to a redrive. */
  record Redriven(String jobId, int maxParallel, String redriveOf) {}

  @Override
  protected int doCall() throws Exception {
    try (TemporalSession session = connection.connect()) {
      BlobStore blobs = blobOptions.open(global);
      JobService jobs = session.jobs(blobs);
      Admission admission = jobs.redrive(jobs.progress(jobId), blobs, JobService.NO_LIMITS);
      if (format.json()) {
        FormatOption.printJson(
            out(), new Redriven(admission.jobId(), admission.maxParallel(), jobId));
      } else {
        out().println(admission.jobId());
      }
      return EXIT_OK;
    }
  }
}
