package dev.fanout.demo;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the demo handlers' inputs, naming the field when one is wrong. */
final class DemoInput {

  private DemoInput() {}

  static String text(JsonNode input, String field) {
    JsonNode value = input.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(field + ": expected a string, was " + value.getNodeType());
    }
    return value.asText();
  }

  static int positiveInt(JsonNode input, String field, int otherwise) {
    JsonNode value = input.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return otherwise;
    }
    if (!value.canConvertToInt() || value.asInt() < 1) {
      throw new IllegalArgumentException(
          field + ": expected a positive whole number, was " + value);
    }
    return value.asInt();
  }
}
