package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;

/**
 * The manifests helm/fanout renders to, by the helm that helm-java bundles, as release {@code
 * fanout}, and the parts of them the tests read.
 */
record RenderedChart(List<JsonNode> manifests) {

  static final Path CHART = Path.of("../helm/fanout");

  /** helm template assumes an old cluster; the chart needs autoscaling/v2 (1.23+). */
  private static final String KUBERNETES = "1.29.0";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static RenderedChart render(UnaryOperator<TemplateCommand> values) throws IOException {
    String yaml =
        values
            .apply(new Helm(CHART).template().withName("fanout").withKubeVersion(KUBERNETES))
            .call();
    List<JsonNode> manifests = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          manifests.add(doc);
        }
      }
    }
    return new RenderedChart(manifests);
  }

  /** Rendered with these values, as a values file ({@code -f}) gives them. */
  static RenderedChart render(Map<String, Object> values) throws IOException {
    Path file = Files.createTempFile("values-", ".yaml");
    try {
      YAML.writeValue(file.toFile(), values);
      return render(t -> t.withValuesFile(file));
    } finally {
      Files.delete(file);
    }
  }

  List<String> kinds() {
    return manifests.stream().map(m -> m.path("kind").asText()).toList();
  }

  List<JsonNode> deployments() {
    return manifests.stream().filter(m -> m.path("kind").asText().equals("Deployment")).toList();
  }

  JsonNode only(String kind, String name) {
    List<JsonNode> found =
        manifests.stream()
            .filter(m -> m.path("kind").asText().equals(kind))
            .filter(m -> m.path("metadata").path("name").asText().equals(name))
            .toList();
    assertThat(found).as(kind + " " + name).hasSize(1);
    return found.get(0);
  }

  JsonNode deployment(String name) {
    return only("Deployment", name);
  }

  static JsonNode container(JsonNode deployment) {
    return deployment.path("spec").path("template").path("spec").path("containers").get(0);
  }

  static List<String> args(JsonNode deployment) {
    return StreamSupport.stream(container(deployment).path("args").spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  static String env(JsonNode container, String name) {
    for (JsonNode var : container.path("env")) {
      if (var.path("name").asText().equals(name)) {
        return var.path("value").asText();
      }
    }
    return null;
  }

  static JsonNode volume(JsonNode podTemplate, String name) {
    for (JsonNode volume : podTemplate.path("spec").path("volumes")) {
      if (volume.path("name").asText().equals(name)) {
        return volume;
      }
    }
    throw new AssertionError("no volume " + name);
  }
}
