package dev.fanout.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API's OpenAPI document, as the tests hold the server to it: each response a test receives
 * must be one the document lists for that operation and match its schema, and the responses the
 * tests received are recorded, so that a documented one no test reaches shows up.
 */
final class OpenApiDocument {

  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final JsonNode document;
  private final Set<String> seen = new TreeSet<>();

  private OpenApiDocument(JsonNode document) {
    this.document = document;
  }

  static OpenApiDocument load() throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream("/openapi.yaml")) {
      return new OpenApiDocument(new ObjectMapper(new YAMLFactory()).readTree(in));
    }
  }

  /** {@code "GET /jobs/{id}"} for every operation the document describes. */
  Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              method -> {
                if (!method.equals("parameters")) {
                  operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
              });
    }
    return operations;
  }

  /** {@code "GET /jobs/{id} 404"} for every response the document describes. */
  Set<String> responses() {
    Set<String> responses = new TreeSet<>();
    for (String operation : operations()) {
      operation(operation)
          .path("responses")
          .fieldNames()
          .forEachRemaining(status -> responses.add(operation + " " + status));
    }
    return responses;
  }

  /** The responses {@link #check} has seen. */
  Set<String> seen() {
    return seen;
  }

  /** Asserts the document lists this response for the operation and its body fits the schema. */
  void check(String operation, int status, JsonNode body) {
    JsonNode response = operation(operation).path("responses").path(String.valueOf(status));
    assertThat(response.isMissingNode())
        .as("%s answered %d, which the document does not list", operation, status)
        .isFalse();
    seen.add(operation + " " + status);
    JsonNode schema = resolve(response).path("content").path("application/json").path("schema");
    if (schema.isMissingNode()) {
      return;
    }
    assertThat(validate(schema, body)).as("%s %d: %s", operation, status, body).isEmpty();
  }

  /** What is wrong with {@code value} as the document's schema {@code component} sees it. */
  Set<ValidationMessage> validate(String component, JsonNode value) {
    JsonNode schema = document.path("components").path("schemas").path(component);
    assertThat(schema.isMissingNode()).as("schema %s", component).isFalse();
    return validate(schema, value);
  }

  /** Validates against {@code schema} with the whole document around it, for its $refs. */
  private Set<ValidationMessage> validate(JsonNode schema, JsonNode value) {
    ObjectNode root = document.deepCopy();
    root.putObject("$defs").set("checked", schema);
    root.put("$ref", "#/$defs/checked");
    return SCHEMAS.getSchema(root).validate(value);
  }

  private JsonNode operation(String operation) {
    String[] parts = operation.split(" ", 2);
    return document.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : document.at(ref.asText().substring(1));
  }
}
