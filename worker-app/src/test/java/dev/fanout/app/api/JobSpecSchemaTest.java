package dev.fanout.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.BadSpecs;
import dev.fanout.job.InvalidJobSpecException;
import dev.fanout.job.JobSpecParser;
import dev.fanout.job.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAPI document's JobSpec schema and the spec's parser agree: every spec of the bad-input
 * corpus that a schema can judge is refused by both, every good one (the examples, and each range
 * at its bounds) is accepted by both, and what only the parser can see is listed here.
 */
class JobSpecSchemaTest {

  /**
   * The corpus's specs that a JSON Schema cannot refuse, and why: the schema accepts each of them,
   * which this test checks too, so the list stays exact.
   */
  private static final Map<String, String> ONLY_THE_PARSER_SEES =
      Map.of(
          "trailing-braces.json", "a schema sees the value, not the text after it",
          "trailing-object.json", "a schema sees the value, not the text after it",
          "duplicate-field.json", "a parsed object keeps one of the two values",
          "duplicate-nested-field.json", "a parsed object keeps one of the two values",
          "duplicate-input-field.json", "a parsed object keeps one of the two values",
          "taskTimeout-too-long.json", "a pattern cannot compare durations",
          "taskTimeout-negative.json", "a pattern cannot tell a duration's sign",
          "retry-initialInterval-zero.json", "a pattern cannot tell a zero duration",
          "function-too-large.json", "a schema cannot measure a value's JSON size");

  /** Not JSON at all: nothing for a schema to judge. */
  private static final List<String> NOT_A_VALUE = List.of("not-json.json", "empty.json");

  private static final String BASE =
      "{\"mapper\": {\"executor\": \"java\", \"handler\": \"count\"},"
          + " \"task\": {\"executor\": \"java\", \"handler\": \"noop\"}}";

  private static OpenApiDocument openApi;

  @BeforeAll
  static void load() throws IOException {
    openApi = OpenApiDocument.load();
  }

  static List<BadSpecs.Case> badSpecs() throws IOException {
    return BadSpecs.all().stream().filter(c -> !NOT_A_VALUE.contains(c.name())).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void aBadSpecIsRefusedByTheSchemaTooUnlessOnlyTheParserCanSeeIt(BadSpecs.Case bad)
      throws IOException {
    JsonNode spec = Json.MAPPER.readTree(bad.file().toFile());

    if (ONLY_THE_PARSER_SEES.containsKey(bad.name())) {
      assertThat(openApi.validate("JobSpec", spec))
          .as("the schema accepts it: %s", ONLY_THE_PARSER_SEES.get(bad.name()))
          .isEmpty();
    } else {
      assertThat(openApi.validate("JobSpec", spec)).as(bad.expected()).isNotEmpty();
    }
  }

  static Stream<Arguments> goodSpecs() throws IOException {
    Stream<Arguments> examples;
    try (Stream<Path> files = Files.walk(Path.of("..", "examples"))) {
      examples =
          files
              .filter(f -> f.toString().endsWith(".json"))
              .filter(f -> !f.toString().contains("node_modules"))
              .filter(f -> !f.getFileName().toString().startsWith("package"))
              .sorted()
              .map(f -> Arguments.of(f.toString(), read(f)))
              .toList()
              .stream();
    }
    return Stream.concat(
        examples,
        Stream.of(
            bounds(
                "smallest",
                s ->
                    s.put("maxParallel", 1)
                        .put("itemsPerTask", 1)
                        .put("priority", 1)
                        .put("fairnessWeight", 1)),
            bounds(
                "largest",
                s ->
                    s.put("maxParallel", 2000)
                        .put("itemsPerTask", 100_000)
                        .put("priority", 5)
                        .put("fairnessWeight", 1000)),
            bounds("a whole number written with a fraction of 0", s -> s.put("maxParallel", 4.0)),
            bounds("nulls for what is not set", s -> s.putNull("reducer").putNull("retry")),
            bounds("owner of 64 characters", s -> s.put("owner", "a.b_c@d-".repeat(8))),
            bounds(
                "retry and failure policy at their bounds",
                s -> {
                  s.putObject("retry").put("maxAttempts", 100).put("backoff", 1.0);
                  s.putObject("failurePolicy")
                      .put("toleratedFailures", 0)
                      .put("toleratedFailurePercent", 100);
                }),
            bounds(
                "durations in every form Java reads",
                s -> {
                  s.put("taskTimeout", "P30D");
                  s.putObject("retry")
                      .put("initialInterval", "pt0.5s")
                      .put("maxInterval", "PT1H-30M");
                }),
            bounds(
                "resources at their bounds",
                s ->
                    ((ObjectNode) s.get("task"))
                        .putObject("resources")
                        .put("cpus", 1024)
                        .put("memoryMb", 16 * 1024 * 1024)
                        .put("gpus", 0)
                        .put("walltime", "PT2H")),
            bounds(
                "auto-sized on slurm",
                s ->
                    s.set(
                        "task",
                        read(
                            "{\"executor\": \"slurm\", \"command\": [\"quant\"], \"resources\":"
                                + " {\"auto\": true, \"cpus\": 2}}")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodSpecs")
  void aGoodSpecIsAcceptedByBoth(String name, JsonNode spec) {
    try {
      JobSpecParser.parse(spec);
    } catch (InvalidJobSpecException e) {
      throw new AssertionError(name + ": the parser refuses it: " + e.getMessage(), e);
    }
    assertThat(openApi.validate("JobSpec", spec)).as(name).isEmpty();
  }

  private static Arguments bounds(String name, Consumer<ObjectNode> change) {
    ObjectNode spec = (ObjectNode) read(BASE);
    change.accept(spec);
    return Arguments.of(name, spec);
  }

  private static JsonNode read(Path file) {
    try {
      return Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
