package dev.fanout.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.fanout.job.ExecutorKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document's Function schema lists the executors again, for clients in other languages:
 * it must say what {@link ExecutorKind} says.
 */
class ExecutorSchemaTest {

  private static JsonNode function;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream("/openapi.yaml")) {
      function =
          new ObjectMapper(new YAMLFactory())
              .readTree(in)
              .path("components")
              .path("schemas")
              .path("Function");
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  /** The executors an {@code if} of the schema's {@code allOf} applies to. */
  private static List<String> executorsOf(JsonNode rule) {
    JsonNode executor = rule.path("if").path("properties").path("executor");
    return executor.has("const")
        ? List.of(executor.get("const").asText())
        : texts(executor.path("enum"));
  }

  @Test
  void theSchemaNamesEveryExecutorAndNoOther() {
    assertThat(texts(function.path("properties").path("executor").path("enum")))
        .containsExactlyElementsOf(ExecutorKind.ids());
  }

  @Test
  void theSchemaRequiresWhatEachExecutorNeeds() {
    for (ExecutorKind kind : ExecutorKind.values()) {
      List<String> required = new ArrayList<>();
      for (JsonNode rule : function.path("allOf")) {
        if (executorsOf(rule).contains(kind.id())) {
          required.addAll(texts(rule.path("then").path("required")));
        }
      }
      assertThat(required).as(kind.id()).containsExactly(kind.requirement().field());
    }
  }

  @Test
  void theSchemaAllowsAutoSizingWhereRunsAreRecorded() {
    List<String> recording =
        ExecutorKind.ids().stream()
            .filter(id -> ExecutorKind.named(id).orElseThrow().recordsUsage())
            .toList();
    JsonNode auto = null;
    for (JsonNode rule : function.path("allOf")) {
      if (rule.path("if").path("required").toString().contains("resources")) {
        auto = rule.path("then").path("properties").path("executor");
      }
    }
    assertThat(auto).isNotNull();
    List<String> allowed =
        auto.has("const") ? List.of(auto.get("const").asText()) : texts(auto.path("enum"));
    assertThat(allowed).containsExactlyElementsOf(recording);
  }
}
