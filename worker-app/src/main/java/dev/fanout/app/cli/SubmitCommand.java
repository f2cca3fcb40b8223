package dev.fanout.app.cli;

import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.blobs.BlobStore;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "submit",
    description =
        "Start a job through its owner's ledger, as the API does, and print its id; --wait to"
            + " follow it.")
public class SubmitCommand extends BaseCommand {

  @Parameters(paramLabel = "SPEC", description = "The job spec, a JSON file.")
  Path specFile;

  @Option(names = "--id", description = "The job id (default: OWNER-RANDOM).")
  String jobId;

  @Mixin WaitOption wait;

  @Mixin ResumeOption resume;
  @Mixin OwnerOption owner;
  @Mixin ConnectionOptions connection;
  @Mixin BlobOptions blobOptions;

  @Override
  protected int doCall() throws Exception {
    var spec = resume.applied(SpecFiles.read(specFile));
    try (TemporalSession session = connection.connect()) {
      BlobStore blobs = blobOptions.open(global);
      JobService jobs = session.jobs(blobs);
      String id = jobs.submitWithin(spec, owner.owner, jobId, JobService.NO_LIMITS).jobId();
      wait.report(id, jobs, blobs, out(), err());
      return EXIT_OK;
    }
  }
}
