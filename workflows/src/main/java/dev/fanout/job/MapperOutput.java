package dev.fanout.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * Reads what a mapper returned: a JSON array of {@code {"key": ..., "params": ..., "resources":
 * ...}}. Every executor's mapper has this one contract; a key that is missing becomes the index.
 */
public final class MapperOutput {

  private static final int QUOTED_ERRORS = 5;

  private MapperOutput() {}

  /** Throws {@link IllegalArgumentException} naming the first few bad items. */
  public static List<SubJobSpec> parse(JsonNode output) {
    List<SubJobSpec> subJobs = new ArrayList<>(output == null ? 0 : output.size());
    Items items = new Items(elements(output));
    items.forEachRemaining(subJobs::add);
    items.check();
    return subJobs;
  }

  /** The elements of a mapper's output, which must be a JSON array. */
  public static Iterator<JsonNode> elements(JsonNode output) {
    if (output == null || !output.isArray()) {
      throw new IllegalArgumentException(
          "mapper output: expected a JSON array of {\"key\", \"params\"} objects, was "
              + (output == null ? "nothing" : output.getNodeType()));
    }
    return output.elements();
  }

  /**
   * A mapper's items read one at a time, as they come from a stream: each good one is a sub-job,
   * each bad one a problem noted; {@link #check()} at the end throws {@link
   * IllegalArgumentException} naming the first few, so a huge output is never held whole.
   */
  public static final class Items implements Iterator<SubJobSpec> {
    private final Iterator<JsonNode> elements;
    private final List<FieldError> errors = new ArrayList<>();
    private int index;
    private SubJobSpec next;

    public Items(Iterator<JsonNode> elements) {
      this.elements = elements;
    }

    @Override
    public boolean hasNext() {
      while (next == null && elements.hasNext()) {
        next = item(elements.next(), index++, errors);
      }
      return next != null;
    }

    @Override
    public SubJobSpec next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SubJobSpec item = next;
      next = null;
      return item;
    }

    /** Throws naming the first few bad items, if there were any. */
    public void check() {
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(
            errors.size()
                + " bad sub-job(s): "
                + errors.stream()
                    .limit(QUOTED_ERRORS)
                    .map(FieldError::toString)
                    .collect(Collectors.joining("; ")));
      }
    }
  }

  /** Item {@code i} as a sub-job, or null with the problem added to {@code errors}. */
  private static SubJobSpec item(JsonNode item, int i, List<FieldError> errors) {
    String field = "mapper output[" + i + "]";
    if (!item.isObject()) {
      errors.add(new FieldError(field, "expected an object, was " + item.getNodeType()));
      return null;
    }
    JsonNode key = item.get("key");
    if (key != null && !key.isTextual() && !key.isNumber()) {
      errors.add(new FieldError(field + ".key", "expected a string, was " + key.getNodeType()));
      return null;
    }
    Resources resources = null;
    if (item.hasNonNull("resources")) {
      try {
        resources = Json.MAPPER.treeToValue(item.get("resources"), Resources.class);
        FunctionChecks.checkResources(field + ".resources", resources, errors);
      } catch (JsonProcessingException e) {
        errors.add(new FieldError(field + ".resources", e.getOriginalMessage()));
      }
    }
    return new SubJobSpec(
        key == null ? String.valueOf(i) : key.asText(), item.get("params"), resources);
  }
}
