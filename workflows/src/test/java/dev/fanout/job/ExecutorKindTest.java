package dev.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The executors' descriptors, and that the spec's checks go through them. */
class ExecutorKindTest {

  private static final String MAPPER = "\"mapper\": {\"executor\": \"java\", \"handler\": \"m\"}";

  /** A value that meets a requirement's field: an argv for a command, a name for the others. */
  private static String valueFor(String field) {
    return field.equals("command") ? "[\"run\"]" : "\"x\"";
  }

  private static String spec(String task) {
    return "{" + MAPPER + ", \"task\": " + task + "}";
  }

  /** A spec whose task runs on {@code kind} with its requirement met, and {@code more} fields. */
  private static String met(ExecutorKind kind, String more) {
    String field = kind.requirement().field();
    return spec(
        "{\"executor\": \"" + kind.id() + "\", \"" + field + "\": " + valueFor(field) + more + "}");
  }

  private static void refusedFor(String spec, FieldError only) {
    assertThatThrownBy(() -> JobSpecParser.parse(spec))
        .as(spec)
        .isInstanceOfSatisfying(
            InvalidJobSpecException.class, e -> assertThat(e.errors()).containsExactly(only));
  }

  @Test
  void theParserAsksEachExecutorForWhatItsRequirementNames() {
    for (ExecutorKind kind : ExecutorKind.values()) {
      ExecutorKind.Requirement needs = kind.requirement();
      String bare = spec("{\"executor\": \"" + kind.id() + "\"}");
      refusedFor(
          bare,
          new FieldError(
              "task." + needs.field(),
              "is required for executor '" + kind.id() + "': " + needs.what()));
      assertThatCode(() -> JobSpecParser.parse(met(kind, "")))
          .as(kind.id())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void anUnknownExecutorIsRefusedNamingEveryKnownOne() {
    refusedFor(
        spec("{\"executor\": \"gpu-farm\"}"),
        new FieldError(
            "task.executor",
            "unknown executor 'gpu-farm'; expected one of docker, java, lambda, process, slurm"));
  }

  @Test
  void autoSizingIsRefusedWhereNoRunsAreRecorded() {
    for (ExecutorKind kind : ExecutorKind.values()) {
      String auto = met(kind, ", \"resources\": {\"auto\": true}");
      if (kind.recordsUsage()) {
        assertThatCode(() -> JobSpecParser.parse(auto)).as(kind.id()).doesNotThrowAnyException();
      } else {
        assertThatThrownBy(() -> JobSpecParser.parse(auto))
            .as(kind.id())
            .hasMessageContaining("task.resources.auto: needs recorded runs");
      }
    }
  }

  @Test
  void namesAreUniqueAndFoundAgain() {
    assertThat(ExecutorKind.ids()).doesNotHaveDuplicates().hasSize(ExecutorKind.values().length);
    for (ExecutorKind kind : ExecutorKind.values()) {
      assertThat(ExecutorKind.named(kind.id())).contains(kind);
    }
    assertThat(ExecutorKind.named("gpu-farm")).isEmpty();
  }
}
