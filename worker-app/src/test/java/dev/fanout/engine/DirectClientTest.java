package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.fanout.job.Json;
import dev.fanout.workflow.TaskQueues;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Specs as a client in another language sends them: a plain JSON object started by the workflow's
 * type name, with no Java types involved.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DirectClientTest {

  @TempDir Path logDir;

  private static final Map<String, Object> MAPPER = Map.of("executor", "java", "handler", "range");
  private static final Map<String, Object> TASK = Map.of("executor", "java", "handler", "echo");

  /** Starts the job with the spec as the one argument: a plain map, or a payload as it is. */
  private static WorkflowStub start(Engine engine, String id, Object spec) {
    WorkflowStub stub =
        engine
            .client()
            .newUntypedWorkflowStub(
                ParallelJobWorkflow.TYPE,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(TaskQueues.WORKFLOWS)
                    .build());
    stub.start(spec);
    return stub;
  }

  private Engine engine() {
    return new Engine(
        logDir,
        Map.of("range", Handlers.RANGE, "echo", (params, ctx) -> params, "sum", Handlers.SUM));
  }

  @Test
  @SuppressWarnings("unchecked")
  void specFromAPlainMapRunsAndAnswersInPlainJson() throws Exception {
    try (Engine engine = engine()) {
      Map<String, Object> spec =
          Map.of(
              "owner",
              "ts-client",
              "mapper",
              MAPPER,
              "task",
              TASK,
              "input",
              Map.of("n", 3),
              "maxParallel",
              2,
              "retry",
              Map.of("maxAttempts", 2, "initialInterval", "PT1S"));

      Map<String, Object> result = start(engine, "from-map", spec).getResult(Map.class);

      assertThat(result).containsEntry("jobId", "from-map");
      assertThat((Map<String, Object>) result.get("counts")).containsEntry("succeeded", 3);
      assertThat(result).doesNotContainKey("output");
      List<Map<String, Object>> output = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of(URI.create((String) result.get("results"))))) {
        output.add(Json.MAPPER.readValue(line, Map.class));
      }
      assertThat(output)
          .extracting(r -> r.get("key"))
          .containsExactly("item-0", "item-1", "item-2");
      assertThat(output)
          .extracting(r -> ((Map<String, Object>) r.get("output")).get("i"))
          .containsExactly(0, 1, 2);
      assertThat(engine.jobs.progress("from-map").maxParallel()).isEqualTo(2);
    }
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "unknown field",
            Map.of("mapper", MAPPER, "task", TASK, "maxParalel", 3),
            "maxParalel: unknown field"),
        Arguments.of(
            "wrong type",
            Map.of("mapper", MAPPER, "task", TASK, "maxParallel", List.of(1)),
            "maxParallel: expected a whole number, was a list"),
        Arguments.of(
            "number as a string",
            Map.of("mapper", MAPPER, "task", TASK, "maxParallel", "2"),
            "maxParallel: expected a whole number, was the string \"2\""),
        Arguments.of(
            "fraction",
            Map.of("mapper", MAPPER, "task", TASK, "itemsPerTask", 1.5),
            "itemsPerTask: expected a whole number, was 1.5"),
        Arguments.of("missing mapper", Map.of("task", TASK), "mapper: is required"),
        Arguments.of(
            "unknown executor",
            Map.of("mapper", MAPPER, "task", Map.of("executor", "gpu-farm")),
            "task.executor: unknown executor 'gpu-farm'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void aMistakeEndsTheWorkflowAtOnceNamingTheField(
      String mistake, Map<String, Object> spec, String expected) throws Exception {
    try (Engine engine = engine()) {
      String id = "bad-" + mistake.replace(' ', '-');

      assertRefused(engine, id, start(engine, id, spec)).contains(expected);
    }
  }

  /**
   * Text no JSON library of another language would write, but a client that sends its bytes as they
   * are can: the workflow reads the payload itself and names what a tree would hide.
   */
  @Test
  void aPayloadWithAFieldTwiceOrMoreAfterTheObjectIsRefusedNamingThem() throws Exception {
    try (Engine engine = engine()) {
      String text =
          "{\"mapper\": {\"executor\": \"java\", \"handler\": \"range\"}, \"task\": {\"executor\":"
              + " \"java\", \"handler\": \"echo\"}, \"maxParallel\": 7, \"maxParallel\": 8} }}}";
      WorkflowStub stub =
          start(
              engine,
              "raw-text",
              new RawValue(
                  Payload.newBuilder()
                      .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                      .setData(ByteString.copyFromUtf8(text))
                      .build()));

      assertRefused(engine, "raw-text", stub)
          .isEqualTo(
              "invalid job spec: maxParallel: given more than once (line 1, column 121);"
                  + " (document): more content after the spec's closing brace (line 1, column"
                  + " 139)");
      engine.record("raw-text", "strict-input-refused");
    }
  }

  /** The job's failure message, once it is known to have failed at once as an invalid spec. */
  private static AbstractStringAssert<?> assertRefused(
      Engine engine, String id, WorkflowStub stub) {
    WorkflowFailedException failed =
        org.junit.jupiter.api.Assertions.assertThrows(
            WorkflowFailedException.class, () -> stub.getResult(Map.class));
    ApplicationFailure failure = (ApplicationFailure) failed.getCause();
    assertThat(failure.getType()).isEqualTo("InvalidJobSpec");
    assertThat(failure.isNonRetryable()).isTrue();
    List<EventType> events =
        engine.client().fetchHistory(id).getEvents().stream()
            .map(HistoryEvent::getEventType)
            .toList();
    assertThat(events)
        .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
        .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .endsWith(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    return assertThat(failure.getOriginalMessage());
  }
}
