package dev.fanout.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogFormatTest {

  @Test
  void jsonLogsCarryTheJobTaskAndAttemptOfEveryLine() throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (var job = MDC.putCloseable("jobId", "alice-1a2b");
        var task = MDC.putCloseable("task", "task-000042");
        var attempt = MDC.putCloseable("attempt", "2")) {
      LogFormat.json.apply();
      LoggerFactory.getLogger("dev.fanout.test").warn("sample {} has no reads", "s7");
    } finally {
      System.setErr(stderr);
      // Back to logback.xml's text lines for the other tests in this JVM.
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.reset();
      new ContextInitializer(context).autoConfig();
    }

    JsonNode line =
        Json.MAPPER.readTree(
            captured
                .toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("has no reads"))
                .findFirst()
                .orElseThrow());
    assertThat(line.path("level").asText()).isEqualTo("WARN");
    assertThat(line.path("formattedMessage").asText()).isEqualTo("sample s7 has no reads");
    assertThat(line.path("mdc").path("jobId").asText()).isEqualTo("alice-1a2b");
    assertThat(line.path("mdc").path("task").asText()).isEqualTo("task-000042");
    assertThat(line.path("mdc").path("attempt").asText()).isEqualTo("2");
  }
}
