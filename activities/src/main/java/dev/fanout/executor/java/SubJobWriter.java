package dev.fanout.executor.java;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.Json;
import java.io.IOException;

/**
 * Where a mapper may write its sub-jobs one at a time instead of returning them all as one array: a
 * mapper of a million sub-jobs then never holds them at once. A mapper that writes here returns
 * null.
 */
public interface SubJobWriter {

  /** One sub-job, as an item of a mapper's output: {@code {"key", "params", "resources"}}. */
  void add(JsonNode subJob) throws IOException;

  default void add(String key, JsonNode params) throws IOException {
    var subJob = Json.MAPPER.createObjectNode().put("key", key);
    subJob.set("params", params);
    add(subJob);
  }
}
