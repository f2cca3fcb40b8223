package dev.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
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
    assertThat(
            errors(
                "{"
                    + MAPPER
                    + ", \"task\": {\"executor\": \"java\", \"handler\": \"t\", \"cmd\": [\"ls\"]},"
                    + " \"extra\": [1]}"))
        .as("a field whose value is a list is named too")
        .extracting(FieldError::field)
        .containsExactly("task.cmd", "extra");
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
            "maxParallel: expected a whole number, was the string \"lots\"",
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
        .containsExactly("(document): expected a JSON object, was a list");
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

  @Test
  void aFieldGivenTwiceIsNamedWhereverItIsWithItsPlace() {
    assertThat(
            errors(
                "{"
                    + MAPPER
                    + ",\n \"task\": {\"executor\": \"java\", \"handler\": \"t\", \"handler\": \"u\"},"
                    + "\n \"maxParallel\": 7, \"maxParallel\": 8, \"input\": {\"a\": [{\"b\": 1, \"b\": 2}]}}"))
        .extracting(FieldError::toString)
        .containsExactly(
            "task.handler: given more than once (line 2, column 47)",
            "maxParallel: given more than once (line 3, column 20)",
            "input.a[0].b: given more than once (line 3, column 63)");
  }

  @Test
  void contentAfterTheSpecsObjectIsRefused() {
    assertThat(errors("{" + MAPPER + ", " + TASK + "} }}}"))
        .extracting(FieldError::toString)
        .containsExactly(
            "(document): more content after the spec's closing brace (line 1, column 96)");
    assertThat(errors("{" + MAPPER + ", " + TASK + "}\n{\"maxParallel\": 3}"))
        .extracting(FieldError::toString)
        .containsExactly(
            "(document): more content after the spec's closing brace (line 2, column 1)");
    assertThat(JobSpecParser.parse("{" + MAPPER + ", " + TASK + "}\n  \n").maxParallel())
        .as("white space after it is fine")
        .isEqualTo(20);
  }

  @Test
  void wholeNumbersMustBeWrittenAsWholeNumbers() {
    assertThat(
            errors(
                "{"
                    + MAPPER
                    + ", "
                    + TASK
                    + ", \"maxParallel\": 2.5, \"itemsPerTask\": \"20\", \"retry\": {\"maxAttempts\": true},"
                    + " \"failurePolicy\": {\"toleratedFailures\": 3000000000}}"))
        .extracting(FieldError::toString)
        .containsExactly(
            "maxParallel: expected a whole number, was 2.5",
            "itemsPerTask: expected a whole number, was the string \"20\"",
            "retry.maxAttempts: expected a whole number, was true",
            "failurePolicy.toleratedFailures: must be between -2147483648 and 2147483647, was"
                + " 3000000000");
    assertThat(
            JobSpecParser.parse("{" + MAPPER + ", " + TASK + ", \"maxParallel\": 4.0}")
                .maxParallel())
        .as("4.0 is a whole number, as JSON Schema's integer says")
        .isEqualTo(4);
  }

  @Test
  void everyOtherScalarMustHaveItsOwnJsonTypeToo() {
    assertThat(
            errors(
                "{\"owner\": 7, "
                    + MAPPER
                    + ", \"task\": {\"executor\": \"process\", \"command\": [\"sleep\", 20],"
                    + " \"env\": {\"THREADS\": 8}, \"resources\": {\"auto\": \"yes\","
                    + " \"walltime\": 3600}}, \"retry\": {\"backoff\": \"2\"}, \"failurePolicy\": 3}"))
        .extracting(FieldError::toString)
        .containsExactly(
            "owner: expected a string, was 7",
            "task.command[1]: expected a string, was 20",
            "task.env.THREADS: expected a string, was 8",
            "task.resources.auto: expected true or false, was the string \"yes\"",
            "task.resources.walltime: expected an ISO-8601 duration such as \"PT30M\", was 3600",
            "retry.backoff: expected a number, was the string \"2\"",
            "failurePolicy: expected an object, was 3");
  }

  @Test
  void aFunctionTooLargeToTravelWithEveryInvocationIsRefused() {
    String big = "x".repeat(JobSpec.MAX_FUNCTION_BYTES);
    assertThat(
            errors(
                "{"
                    + MAPPER
                    + ", \"task\": {\"executor\": \"java\", \"handler\": \"t\", \"env\": {\"BIG\": \""
                    + big
                    + "\"}}}"))
        .extracting(FieldError::toString)
        .containsExactly(
            "task: 16434 bytes as JSON, more than the 16384 a function may take, since every"
                + " invocation carries it; put large data in input or in files");
    assertThat(
            JobSpecParser.parse("{" + MAPPER + ", " + TASK + ", \"input\": \"" + big + big + "\"}"))
        .as("input may be large: it travels by reference")
        .isNotNull();
  }

  @Test
  void theLenientRulesOfBeforeStillCoerceForJobsStartedThen() throws Exception {
    JobSpec spec =
        JobSpecParser.parseLenient(
            Json.MAPPER.readTree(
                "{" + MAPPER + ", " + TASK + ", \"maxParallel\": \"2\", \"itemsPerTask\": 1.5}"));

    assertThat(spec.maxParallel()).isEqualTo(2);
    assertThat(spec.itemsPerTask()).isEqualTo(1);
  }

  @Test
  void temporalsConverterReadsAStartPayloadIntoADocumentThatKeepsWhatTheTextHadWrong() {
    String text = "{" + MAPPER + ", " + TASK + ", \"maxParallel\": 7, \"maxParallel\": 8} }}}";
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(text))
            .build();

    SpecDocument document =
        Json.DATA_CONVERTER.fromPayload(payload, SpecDocument.class, SpecDocument.class);

    assertThat(document.tree().path("maxParallel").asInt()).isEqualTo(8);
    assertThat(document.problems())
        .extracting(FieldError::toString)
        .containsExactly(
            "maxParallel: given more than once (line 1, column 114)",
            "(document): more content after the spec's closing brace (line 1, column 132)");
    assertThat(Json.DATA_CONVERTER.toPayload(document).orElseThrow().getData().toStringUtf8())
        .as("on the wire it is the plain object")
        .isEqualTo(document.tree().toString());
  }

  @Test
  void nodesAreReadAndARequestForNoNodesIsRefused() {
    String slurm = ", \"task\": {\"executor\": \"slurm\", \"command\": [\"mhm2\"], \"resources\": ";
    JobSpec spec = JobSpecParser.parse("{" + MAPPER + slurm + "{\"nodes\": 4, \"cpus\": 64}}}");

    assertThat(spec.task().resources().nodes()).isEqualTo(4);
    assertThat(errors("{" + MAPPER + slurm + "{\"nodes\": 0}}}"))
        .extracting(FieldError::toString)
        .containsExactly("task.resources.nodes: must be between 1 and 10000, was 0");
  }
}
