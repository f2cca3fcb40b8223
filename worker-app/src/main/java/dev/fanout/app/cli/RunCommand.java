package dev.fanout.app.cli;

import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.JobResult;
import dev.fanout.job.SpecDocument;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    description =
        "Run a job to the end in this process: start Temporal (embedded unless --temporal) and the"
            + " workers, submit, show progress, print the result.")
public class RunCommand extends BaseCommand {

  @Parameters(paramLabel = "SPEC", description = "The job spec, a JSON file.")
  Path specFile;

  @Option(names = "--id", description = "The job id (default: OWNER-RANDOM).")
  String jobId;

  @Mixin ResumeOption resume;
  @Mixin OwnerOption owner;
  @Mixin ConnectionOptions connection;
  @Mixin FormatOption format;
  @Mixin WorkerOptions workerOptions;

  @Override
  protected int doCall() throws Exception {
    SpecDocument spec = resume.applied(SpecFiles.read(specFile));
    try (TemporalSession session = connection.connectOrEmbed()) {
      session.serve(workerOptions.config(FanoutWorkers.POOLS, global, null));
      BlobStore blobs = workerOptions.blobOptions.open(global);
      JobService jobs = session.jobs(blobs);
      String id = jobs.submitWithin(spec, owner.owner, jobId, JobService.NO_LIMITS).jobId();
      err().println("job " + id + " (logs: fanout logs " + id + ")");
      JobResult result = new JobWatcher(err(), System.console() != null).watch(jobs, id);
      ResultPrinter.print(result, format, out(), blobs);
      return EXIT_OK;
    }
  }
}
