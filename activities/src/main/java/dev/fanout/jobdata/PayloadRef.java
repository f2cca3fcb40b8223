package dev.fanout.jobdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * A value too large for a Temporal payload, kept in the blob store under its job and passed as
 * {@code {"fanoutPayloadRef": URI}}: a job's input (stored by the client that submits the job) or a
 * sub-job's params (stored by the mapper's activity). The activity that runs the function reads it
 * back, so every executor and every function sees the value itself.
 */
public final class PayloadRef {

  public static final String FIELD = "fanoutPayloadRef";

  /**
   * Temporal warns of a payload larger than this (and a cluster refuses one over 2 MB); its test
   * server checks nothing, so Fanout keeps to it itself.
   */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private PayloadRef() {}

  /** Stores {@code value} under {@code key} and returns the reference that stands for it. */
  public static JsonNode store(BlobStore blobs, String key, JsonNode value) throws IOException {
    URI uri = blobs.put(key, Json.MAPPER.writeValueAsBytes(value));
    return Json.MAPPER.createObjectNode().put(FIELD, uri.toString());
  }

  /** The URI {@code value} refers to, if it is a reference: an object of that one field. */
  public static Optional<URI> of(JsonNode value) {
    if (value == null || !value.isObject() || value.size() != 1 || !value.path(FIELD).isTextual()) {
      return Optional.empty();
    }
    return Optional.of(URI.create(value.get(FIELD).asText()));
  }

  /**
   * {@code value} itself, or the value it refers to. Only the blob under {@code key} (where this
   * job's value is kept) is read, so a spec cannot make a worker read another job's data.
   *
   * @throws IllegalArgumentException naming both places when it refers to anything else
   */
  public static JsonNode resolve(BlobStore blobs, String key, JsonNode value) throws IOException {
    Optional<URI> ref = of(value);
    if (ref.isEmpty()) {
      return value;
    }
    URI expected = blobs.uri(key);
    if (!ref.get().equals(expected)) {
      throw new IllegalArgumentException(
          FIELD
              + ": "
              + ref.get()
              + " is not where this worker keeps it ("
              + expected
              + "); submit with the workers' blob store (--blobs)");
    }
    try (InputStream in = blobs.open(expected)) {
      return Json.MAPPER.readTree(in);
    }
  }
}
