package dev.fanout.app.cli;

import dev.fanout.app.JobJournal;
import dev.fanout.blobs.BlobStore;
import dev.fanout.cache.CacheEntries;
import dev.fanout.logs.LogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "clean",
    description =
        "Remove a finished job's temporary data: its logs, work directories and blobs, and its"
            + " entries in the results cache. The job's record in Temporal (status, result,"
            + " history) stays.")
public class CleanCommand extends BaseCommand {

  /** Top-level folders of the blob store that are not a job's: removing them would lose them. */
  private static final Set<String> RESERVED = Set.of("cache", "journal");

  @Parameters(paramLabel = "JOB", arity = "0..1")
  String jobId;

  @Option(
      names = "--cache-older-than",
      paramLabel = "DURATION",
      description = "Also drop the results cache's entries older than this (ISO-8601, as P30D).")
  Duration cacheAge;

  @Mixin BlobOptions blobOptions;

  @Override
  protected int doCall() throws Exception {
    if (jobId == null && cacheAge == null) {
      throw new UserInputException("clean: name a JOB, or --cache-older-than DURATION, or both");
    }
    if (cacheAge != null && (cacheAge.isNegative() || cacheAge.isZero())) {
      throw new UserInputException(
          "--cache-older-than: expected a positive duration such as P30D, was " + cacheAge);
    }
    if (jobId != null && RESERVED.contains(jobId)) {
      throw new UserInputException(
          "JOB: '" + jobId + "' names the blob store's " + jobId + "/ folder, not a job's data");
    }
    BlobStore blobs = blobOptions.open(global);
    CacheEntries cache = new CacheEntries(blobs);
    if (jobId != null) {
      int logs = global.logStore().delete(jobId);
      int work = LogStore.deleteTree(global.home.resolve("work").resolve(LogStore.safe(jobId)));
      // Entries first: one whose output is gone must not be found by a resume.
      int entries = cache.dropJob(jobId);
      new JobJournal(blobs).forget(jobId);
      int blobFiles = blobs.deleteAll(jobId);
      out()
          .printf(
              "removed %d log(s), %d work file(s), %d blob(s) and %d cache entr%s of %s%n",
              logs, work, blobFiles, entries, entries == 1 ? "y" : "ies", jobId);
    }
    if (cacheAge != null) {
      int dropped = cache.dropOlderThan(Instant.now().minus(cacheAge));
      out()
          .printf(
              "removed %d cache entr%s older than %s%n",
              dropped, dropped == 1 ? "y" : "ies", cacheAge);
    }
    return EXIT_OK;
  }
}
