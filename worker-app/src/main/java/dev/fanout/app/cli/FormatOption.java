package dev.fanout.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fanout.job.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --format text|json}: text for people, JSON for scripts. */
public class FormatOption {

  public enum Format {
    text,
    json
  }

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format;

  boolean json() {
    return format == Format.json;
  }

  static void printJson(PrintWriter out, Object value) throws JsonProcessingException {
    out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    out.flush();
  }
}
