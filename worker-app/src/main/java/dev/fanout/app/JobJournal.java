package dev.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.Json;
import dev.fanout.job.SpecDocument;
import dev.fanout.jobdata.JobKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What Fanout keeps of each job it submitted, next to the job's data in the blob store ({@code
 * JOB/journal.json}: id, owner, spec as submitted, when): enough to submit it again under its id
 * once the server that ran it is gone, as {@code fanout resume JOB} does. A marker per job not
 * known to have ended ({@code journal/running/JOB.json}) lets an embedded server that starts resume
 * the jobs its predecessor was running; the job's workflow drops it when the job ends, however it
 * ends ({@code JobEnded}).
 */
public final class JobJournal {

  /** One job as it was submitted. */
  public record Entry(String jobId, String owner, JsonNode spec, Instant submittedAt) {}

  private final BlobStore blobs;

  public JobJournal(BlobStore blobs) {
    this.blobs = blobs;
  }

  public void record(String jobId, String owner, JsonNode spec) throws IOException {
    ObjectNode entry =
        Json.MAPPER
            .createObjectNode()
            .put("jobId", jobId)
            .put("owner", owner)
            .put("submittedAt", Instant.now().toString());
    entry.set("spec", spec);
    blobs.put(JobKeys.journal(jobId), Json.MAPPER.writeValueAsBytes(entry));
    blobs.put(JobKeys.running(jobId), new byte[0]);
  }

  /** The journalled jobs that had not ended. */
  public List<Entry> unfinished() throws IOException {
    List<Entry> unfinished = new ArrayList<>();
    for (String marker : blobs.keys(JobKeys.RUNNING)) {
      String name = marker.substring(marker.lastIndexOf('/') + 1);
      String jobId = name.substring(0, name.length() - ".json".length());
      if (exists(JobKeys.journal(jobId))) {
        unfinished.add(read(jobId));
      } else {
        forget(jobId); // its data was removed
      }
    }
    return unfinished;
  }

  /** Drops the job's marker: it ended, or its data is being removed. */
  public void forget(String jobId) throws IOException {
    blobs.deleteAll(JobKeys.running(jobId));
  }

  /**
   * Submits every unfinished job again under its id with reuse, saying so in one line each, as an
   * embedded server does when it starts: the one before it kept them in memory only.
   */
  public void resumeUnfinished(JobService jobs, Consumer<String> say) throws IOException {
    for (Entry entry : unfinished()) {
      jobs.submitWithin(
          SpecDocument.of(entry.spec()).resumed(), null, entry.jobId(), JobService.NO_LIMITS);
      say.accept(
          "resumed job "
              + entry.jobId()
              + " ("
              + entry.owner()
              + "): it was still running when the server stopped");
    }
  }

  private boolean exists(String key) throws IOException {
    try (InputStream in = blobs.open(blobs.uri(key))) {
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** The job's entry; {@link NoSuchFileException} when this store has none. */
  public Entry read(String jobId) throws IOException {
    try (InputStream in = blobs.open(blobs.uri(JobKeys.journal(jobId)))) {
      JsonNode entry = Json.MAPPER.readTree(in);
      return new Entry(
          entry.path("jobId").asText(),
          entry.path("owner").asText(),
          entry.get("spec"),
          Instant.parse(entry.path("submittedAt").asText()));
    }
  }
}
