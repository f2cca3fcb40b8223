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

  @Option(names = "--wait", description = "Show progress and print the result.")
  boolean await;

  @Mixin ResumeOption resume;
  @Mixin OwnerOption owner;
  @Mixin ConnectionOptions connection;
  @Mixin FormatOption format;
  @Mixin BlobOptions blobOptions;

  @Override
  protected int doCall() throws Exception {
    var spec = resume.applied(SpecFiles.read(specFile));
    try (TemporalSession session = connection.connect()) {
      BlobStore blobs = blobOptions.open(global);
      JobService jobs = session.jobs(blobs);
      String id = jobs.submitWithin(spec, owner.owner, jobId, JobService.NO_LIMITS).jobId();
      out().println(id);
      out().flush();
      if (await) {
        ResultPrinter.print(
            new JobWatcher(err(), System.console() != null).watch(jobs, id), format, out(), blobs);
      }
      return EXIT_OK;
    }
  }
}
