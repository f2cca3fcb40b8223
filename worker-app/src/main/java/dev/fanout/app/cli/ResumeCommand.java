package dev.fanout.app.cli;

import dev.fanout.app.JobJournal;
import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.SpecDocument;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "resume",
    description =
        "Submit a job again under its id, as its journal in the blob store says it was submitted,"
            + " reusing the outputs of its sub-jobs that had succeeded: for a job whose server"
            + " stopped (fanout dev or run) before it ended. Prints its id; --wait to follow it.")
public class ResumeCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Mixin WaitOption wait;

  @Mixin ConnectionOptions connection;
  @Mixin BlobOptions blobOptions;

  @Override
  protected int doCall() throws Exception {
    BlobStore blobs = blobOptions.open(global);
    JobJournal.Entry entry;
    try {
      entry = new JobJournal(blobs).read(jobId);
    } catch (NoSuchFileException e) {
      throw new UserInputException(
          "JOB: no journal of job '"
              + jobId
              + "' in this blob store: it was not submitted through Fanout with these --blobs");
    }
    try (TemporalSession session = connection.connect()) {
      JobService jobs = session.jobs(blobs);
      // Through the owner's ledger as submit does; a job still running is refused there by name.
      String id =
          jobs.submitWithin(
                  SpecDocument.of(entry.spec()).resumed(), null, jobId, JobService.NO_LIMITS)
              .jobId();
      wait.report(id, jobs, blobs, out(), err());
      return EXIT_OK;
    }
  }
}
