package dev.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecParserTest {

  private static final String MAPPER = "\"mapper\": {\"executor\": \"java\", \"handler\": \"m\"}";
  private static final String TASK = "\"task\": {\"executor\": \"java\", \"handler\": \"t\"}";

  private static List<FieldError> errors(String json) {
    try {
      JobSpecParser.parse(json);
    } catch (InvalidJobSpecException e) {
      return e.errors();
    }
    throw new AssertionError("expected the spec to be refused: " + json);
  }

  @Test
  void minimalSpecGetsDefaults() {
    JobSpec spec = JobSpecParser.parse("{" + MAPPER + ", " + TASK + "}");

    assertThat(spec.owner()).isEqualTo("anonymous");
    assertThat(spec.maxParallel()).isEqualTo(20);
    assertThat(spec.retry()).isEqualTo(RetrySpec.DEFAULT);
    assertThat(spec.failurePolicy()).isEqualTo(FailurePolicy.NONE_TOLERATED);
    assertThat(spec.taskTimeout()).isEqualTo(Duration.ofHours(6));
    assertThat(spec.reducer()).isNull();
    assertThat(spec.input().isNull()).isTrue();
  }

  @Test
  void fullSpecIsReadAsWritten() {
    JobSpec spec =
        JobSpecParser.parse(
            "{\"owner\": \"alice\", "
                + MAPPER
                + ", \"task\": {\"executor\": \"java\", \"handler\": \"t\", \"resources\":"
                + " {\"cpus\": 8, \"memoryMb\": 32000, \"walltime\": \"PT2H\"}},"
                + " \"reducer\": {\"executor\": \"java\", \"handler\": \"r\"},"
                + " \"input\": {\"genomes\": [1, 2]}, \"maxParallel\": 7,"
                + " \"retry\": {\"maxAttempts\": 5, \"initialInterval\": \"PT1S\"},"
                + " \"failurePolicy\": {\"toleratedFailurePercent\": 10},"
                + " \"taskTimeout\": \"PT30M\"}");

    assertThat(spec.owner()).isEqualTo("alice");
    assertThat(spec.task().resources())
        .isEqualTo(new Resources(8, 32000, null, Duration.ofHours(2)));
    assertThat(spec.input().get("genomes").size()).isEqualTo(2);
    assertThat(spec.maxParallel()).isEqualTo(7);
    assertThat(spec.retry())
        .isEqualTo(new RetrySpec(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(10)));
    assertThat(spec.failurePolicy()).isEqualTo(new FailurePolicy(null, 10.0));
    assertThat(spec.taskTimeout()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void unknownFieldsAreNamedWithTheirPath() {
    assertThat(errors("{" + MAPPER + ", " + TASK + ", \"maxParalel\": 3}"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("maxParalel");
              assertThat(e.message())
                  .startsWith("unknown field; expected one of")
                  .contains("maxParallel");
            });
    assertThat(
            errors(
                "{"
                    + MAPPER
                    + ", \"task\": {\"executor\": \"java\", \"handler\": \"t\", \"resources\": {\"cpu\": 2}}}"))
        .extracting(FieldError::field)
        .containsExactly("task.resources.cpu");
  }

  @Test
  void wrongTypesAreNamedWithWhatWasExpected() {
    List<FieldError> errors =
        errors(
            "{"
                + MAPPER
                + ", "
                + TASK
                + ", \"maxParallel\": \"lots\", \"taskTimeout\": \"two hours\", \"owner\": [1]}");

    assertThat(errors)
        .extracting(FieldError::toString)
        .containsExactlyInAnyOrder(
            "maxParallel: expected a whole number, was \"lots\"",
            "taskTimeout: expected an ISO-8601 duration such as \"PT30M\", was \"two hours\"",
            "owner: expected a string, was a list");
  }

  @Test
  void autoSizingNeedsAnExecutorThatRecordsRunsAndANameMustBeOneWord() {
    assertThat(
            errors(
                "{"
                    + MAPPER
                    + ", \"task\": {\"executor\": \"java\", \"handler\": \"t\","
                    + " \"name\": \"two words\", \"resources\": {\"auto\": true}}}"))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("task.name", "task.resources.auto");

    JobSpec spec =
        JobSpecParser.parse(
            "{"
                + MAPPER
                + ", \"task\": {\"executor\": \"slurm\", \"command\": [\"kallisto\"],"
                + " \"name\": \"quant\", \"resources\": {\"auto\": true, \"cpus\": 2}}}");
    assertThat(spec.task().resources().autoSized()).isTrue();
    assertThat(spec.task().describe()).isEqualTo("slurm:quant");
  }

  @Test
  void missingMapperAndTaskAreRequired() {
    assertThat(errors("{\"input\": 1}"))
        .extracting(FieldError::field)
        .containsExactly("mapper", "task");
  }

  @Test
  void executorMustBeKnownAndComplete() {
    List<FieldError> errors =
        errors(
            "{\"mapper\": {\"executor\": \"kubernetes\"}, \"task\": {\"executor\": \"java\"},"
                + " \"reducer\": {\"handler\": \"r\"}}");

    assertThat(errors)
        .extracting(FieldError::toString)
        .containsExactly(
            "mapper.executor: unknown executor 'kubernetes'; expected one of docker, java, lambda, process, slurm",
            "task.handler: is required for executor 'java': the name of a registered handler",
            "reducer.executor: is required; expected one of docker, java, lambda, process, slurm");
  }

  @Test
  void processNeedsAnArgumentVectorOfStrings() {
    assertThat(
            errors(
                "{"
                    + MAPPER
                    + ", \"task\": {\"executor\": \"process\", \"command\": []},"
                    + " \"reducer\": {\"executor\": \"process\", \"command\": [\"sort\", null]}}"))
        .extracting(FieldError::toString)
        .containsExactly(
            "task.command: is required for executor 'process': the argument vector, such as"
                + " [\"seqkit\", \"stats\", \"reads.fa\"]",
            "reducer.command[1]: expected a string, was null");
  }

  @Test
  void numbersOutOfRangeAreRefusedWithTheRange() {
    List<FieldError> errors =
        errors(
            "{"
                + MAPPER
                + ", "
                + TASK
                + ", \"maxParallel\": 0, \"retry\": {\"maxAttempts\": 0, \"backoff\": 0.5,"
                + " \"initialInterval\": \"PT0S\"}, \"failurePolicy\": {\"toleratedFailures\": -1,"
                + " \"toleratedFailurePercent\": 120}, \"taskTimeout\": \"-PT1S\"}");

    assertThat(errors)
        .extracting(FieldError::toString)
        .containsExactly(
            "maxParallel: must be between 1 and 2000, was 0",
            "retry.maxAttempts: must be between 1 and 100, was 0",
            "retry.initialInterval: must be a positive duration, was PT0S",
            "retry.backoff: must be at least 1.0, was 0.5",
            "failurePolicy.toleratedFailures: must be 0 or more, was -1",
            "failurePolicy.toleratedFailurePercent: must be between 0 and 100, was 120.0",
            "taskTimeout: must be a positive duration, was PT-1S");
  }

  @Test
  void ownerMustBeAPlainName() {
    assertThat(errors("{\"owner\": \"../etc\", " + MAPPER + ", " + TASK + "}"))
        .extracting(FieldError::field)
        .containsExactly("owner");
  }

  @Test
  void documentThatIsNotAnObjectOrNotJsonIsRefused() {
    assertThat(errors("[1, 2]"))
        .extracting(FieldError::toString)
        .containsExactly("(document): expected a JSON object, was ARRAY");
    assertThat(errors("{\"mapper\": "))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).startsWith("not valid JSON"));
  }

  @Test
  void messageListsEveryProblem() {
    assertThatThrownBy(() -> JobSpecParser.parse("{\"maxParallel\": 0}"))
        .hasMessage(
            "invalid job spec: mapper: is required: an object such as {\"executor\": \"java\","
                + " \"handler\": \"...\"}; task: is required: an object such as {\"executor\":"
                + " \"java\", \"handler\": \"...\"}; maxParallel: must be between 1 and 2000, was 0");
  }
}
