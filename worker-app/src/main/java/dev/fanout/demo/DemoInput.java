package dev.fanout.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.executor.java.InvalidInputException;

/**
 * Reads the demo handlers' inputs, naming the field when one is wrong: the input's fault, which no
 * retry mends.
 */
final class DemoInput {

  private DemoInput() {}

  static String text(JsonNode input, String field) {
    JsonNode value = input.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidInputException(field + ": expected a string, was " + value.getNodeType());
    }
    return value.asText();
  }

  static int positiveInt(JsonNode input, String field, int otherwise) {
    JsonNode value = input.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return otherwise;
    }
    if (!value.canConvertToInt() || value.asInt() < 1) {
      throw new InvalidInputException(field + ": expected a positive whole number, was " + value);
    }
    return value.asInt();
  }
}
