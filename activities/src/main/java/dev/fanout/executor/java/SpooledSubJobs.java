package dev.fanout.executor.java;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A mapper's sub-jobs written to a file of this worker as they come, as one JSON array. */
final class SpooledSubJobs implements SubJobWriter, AutoCloseable {

  private Path file;
  private JsonGenerator out;

  @Override
  public synchronized void add(JsonNode subJob) throws IOException {
    if (out == null) {
      file = Files.createTempFile("fanout-mapped-", ".json");
      out = Json.MAPPER.createGenerator(Files.newOutputStream(file));
      out.writeStartArray();
    }
    out.writeTree(subJob);
  }

  /** The finished file, if anything was written. */
  synchronized Optional<Path> finish() throws IOException {
    if (out == null) {
      return Optional.empty();
    }
    out.writeEndArray();
    out.close();
    out = null;
    return Optional.of(file);
  }

  /** Removes what was written, when the mapper did not finish. */
  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
      Files.deleteIfExists(file);
    }
  }

  /** For every invocation but a mapper's: nothing may be written. */
  static final SubJobWriter REFUSED =
      subJob -> {
        throw new IllegalStateException("only a mapper writes sub-jobs");
      };
}
