package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.lambda.LambdaEndpoint;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Sub-jobs as Lambda invocations on a real Invoke API, through the parent workflow. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LambdaJobTest {

  @TempDir Path dir;

  @Test
  void aThousandInvocationsWithAHundredInFlight() throws Exception {
    LambdaEndpoint.endpoint();
    ObjectNode spec =
        Engine.spec("range", "unused", "sum", Json.MAPPER.createObjectNode().put("n", 1000));
    spec.putObject("task").put("executor", "lambda").put("function", "fanout-echo");
    spec.put("maxParallel", 100);
    try (Engine engine = new Engine(dir, Map.of("range", Handlers.RANGE, "sum", Handlers.SUM))) {
      JobResult result = engine.jobs.result(engine.jobs.submit(spec, "lambda-1000")).join();

      assertThat(result.counts().succeeded()).isEqualTo(1000);
      assertThat(result.output().path("results").asInt()).isEqualTo(1000);
      assertThat(engine.jobs.tasks("lambda-1000", 999, 1, null).tasks())
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.output().path("params").path("i").asInt()).isEqualTo(999);
                assertThat(t.executorId()).startsWith("lambda:fanout-echo:");
              });
    }
  }
}
