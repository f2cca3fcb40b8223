package dev.fanout.executor;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.jobdata.ResultManifest;
import dev.fanout.workflow.Invocation;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What a function is given. Most invocations carry their input; a reducer's results are streamed
 * from the job's results manifest, one at a time, so no executor holds them all in memory.
 */
public final class InvocationInput {

  private final BlobStore blobs;

  public InvocationInput(BlobStore blobs) {
    this.blobs = blobs;
  }

  /**
   * Writes the JSON that a file- or event-fed function reads: the input itself, or for a reducer
   * {@code {"input": <the job's input>, "results": [<every sub-job's result>]}}.
   */
  public void write(Invocation invocation, OutputStream out) throws IOException {
    if (invocation.results() == null) {
      Json.MAPPER.writeValue(out, invocation.input());
      return;
    }
    try (JsonGenerator json = Json.MAPPER.createGenerator(out);
        ResultManifest.Results results = results(invocation)) {
      json.writeStartObject();
      json.writeFieldName("input");
      json.writeTree(invocation.input());
      json.writeArrayFieldStart("results");
      for (SubJobResult result : results) {
        json.writeObject(result);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /** A reducer's results, streamed; the caller closes them. */
  public ResultManifest.Results results(Invocation invocation) {
    return ResultManifest.read(blobs, invocation.results());
  }
}
