package dev.fanout.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads what a mapper returned: a JSON array of {@code {"key": ..., "params": ..., "resources":
 * ...}}. Every executor's mapper has this one contract; a key that is missing becomes the index.
 */
public final class MapperOutput {

  public static final String FAILURE_TYPE = "InvalidMapperOutput";
  private static final int QUOTED_ERRORS = 5;

  private MapperOutput() {}

  /** Throws {@link IllegalArgumentException} naming the first few bad items. */
  public static List<SubJobSpec> parse(JsonNode output) {
    if (output == null || !output.isArray()) {
      throw new IllegalArgumentException(
          "mapper output: expected a JSON array of {\"key\", \"params\"} objects, was "
              + (output == null ? "nothing" : output.getNodeType()));
    }
    List<SubJobSpec> subJobs = new ArrayList<>(output.size());
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < output.size(); i++) {
      JsonNode item = output.get(i);
      String field = "mapper output[" + i + "]";
      if (!item.isObject()) {
        errors.add(new FieldError(field, "expected an object, was " + item.getNodeType()));
        continue;
      }
      JsonNode key = item.get("key");
      if (key != null && !key.isTextual() && !key.isNumber()) {
        errors.add(new FieldError(field + ".key", "expected a string, was " + key.getNodeType()));
        continue;
      }
      Resources resources = null;
      if (item.hasNonNull("resources")) {
        try {
          resources = Json.MAPPER.treeToValue(item.get("resources"), Resources.class);
          JobSpecParser.checkResources(field + ".resources", resources, errors);
        } catch (JsonProcessingException e) {
          errors.add(new FieldError(field + ".resources", e.getOriginalMessage()));
        }
      }
      subJobs.add(
          new SubJobSpec(
              key == null ? String.valueOf(i) : key.asText(), item.get("params"), resources));
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          errors.size()
              + " bad sub-job(s): "
              + errors.stream()
                  .limit(QUOTED_ERRORS)
                  .map(FieldError::toString)
                  .collect(Collectors.joining("; ")));
    }
    return subJobs;
  }
}
