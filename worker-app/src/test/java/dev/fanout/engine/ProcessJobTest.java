package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A job whose sub-jobs are real processes, between a Java mapper and reducer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessJobTest {

  @TempDir Path dir;

  @Test
  void processSubJobsRunThroughTheParentWorkflow() throws Exception {
    Path script = dir.resolve("square.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "i=$(sed 's/[^0-9]//g' input.json)\n"
            + "echo \"squaring $i\"\n"
            + "[ \"$i\" = 3 ] && { echo 'no threes' >&2; exit 4; }\n"
            + "echo \"{\\\"value\\\": $((i * i))}\" > output.json\n");
    script.toFile().setExecutable(true);
    try (Engine engine = new Engine(dir, Map.of("range", Handlers.RANGE, "sum", Handlers.SUM))) {
      ObjectNode spec =
          Engine.spec("range", "unused", "sum", Json.MAPPER.createObjectNode().put("n", 6));
      spec.putObject("task").put("executor", "process").putArray("command").add(script.toString());
      spec.putObject("failurePolicy").put("toleratedFailures", 1);

      JobResult result = engine.jobs.result(engine.jobs.submit(spec, "processes")).join();

      assertThat(result.output().path("sum").asInt()).isEqualTo(0 + 1 + 4 + 16 + 25);
      assertThat(result.counts().failed()).isEqualTo(1);
      var failed = engine.jobs.tasks("processes", 0, 10, SubJobState.FAILED).tasks();
      assertThat(failed)
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.index()).isEqualTo(3);
                assertThat(t.error().type()).isEqualTo("NonZeroExit");
                // stdout and stderr are read by two threads: their relative order is not kept.
                assertThat(t.error().message())
                    .startsWith("exit code 4; last output:\n")
                    .contains("squaring 3", "no threes");
                assertThat(t.executorId()).startsWith("process:");
              });
      List<String> log = engine.logs.read("processes", "task-000002", 0, 100);
      assertThat(log).anySatisfy(l -> assertThat(l).endsWith("stdout squaring 2"));
    }
  }
}
