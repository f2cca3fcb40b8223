package dev.fanout.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.Json;
import dev.fanout.jobdata.JobKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;

/**
 * What Fanout keeps of each job it submitted, next to the job's data in the blob store ({@code
 * JOB/journal.json}: id, owner, spec as submitted, when): enough to submit it again under its id
 * once the server that ran it is gone, as {@code fanout resume JOB} does.
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
