package dev.fanout.executor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.fanout.job.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A mapper's output written to a file of this worker rather than held in memory: a JSON array read
 * back one element at a time, so a mapper of a million sub-jobs never has them all at once. An
 * executor answers such an output with {@link #reference}; only the mapper's activity, in the same
 * process, reads it.
 */
public final class SpooledOutput {

  static final String FIELD = "fanoutSpooledOutput";

  private SpooledOutput() {}

  /** The output that stands for the array in {@code file}. */
  public static JsonNode reference(Path file) {
    return Json.MAPPER.createObjectNode().put(FIELD, file.toString());
  }

  /** The file an output stands for, if it is a {@link #reference}. */
  static Optional<Path> of(JsonNode output) {
    return output != null && output.isObject() && output.size() == 1 && output.has(FIELD)
        ? Optional.of(Path.of(output.get(FIELD).asText()))
        : Optional.empty();
  }

  /**
   * The elements of the array in {@code file}, read as iterated; the caller closes the iterator.
   * Throws IllegalArgumentException if the file does not hold an array.
   */
  static MappingIterator<JsonNode> elements(Path file) throws IOException {
    JsonParser parser = Json.MAPPER.createParser(Files.newInputStream(file));
    if (parser.nextToken() != JsonToken.START_ARRAY) {
      parser.close();
      throw new IllegalArgumentException(
          "mapper output: expected a JSON array of {\"key\", \"params\"} objects");
    }
    parser.nextToken();
    return Json.MAPPER.readerFor(JsonNode.class).readValues(parser);
  }
}
