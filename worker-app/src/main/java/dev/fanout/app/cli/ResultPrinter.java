package dev.fanout.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.JobResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a job's result: with {@code --format json} the whole result; as text, an output shaped as
 * {@code {"columns": [...], "rows": [[...]]}} becomes a table, anything else pretty JSON, and a job
 * without a reducer its results manifest, one JSON line per sub-job, streamed from the blob store.
 */
final class ResultPrinter {

  private ResultPrinter() {}

  static void print(JobResult result, FormatOption format, PrintWriter out, BlobStore blobs)
      throws Exception {
    if (format.json()) {
      FormatOption.printJson(out, result);
      return;
    }
    JsonNode output = result.output();
    if (output == null && result.results() != null) {
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(
                  blobs.open(URI.create(result.results())), StandardCharsets.UTF_8))) {
        lines.transferTo(out);
      }
      out.flush();
      return;
    }
    if (output != null && output.path("columns").isArray() && output.path("rows").isArray()) {
      List<String> columns = new ArrayList<>();
      output.get("columns").forEach(c -> columns.add(c.asText()));
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode row : output.get("rows")) {
        List<String> cells = new ArrayList<>();
        row.forEach(cell -> cells.add(cell.isTextual() ? cell.asText() : cell.toString()));
        rows.add(cells);
      }
      out.print(TextTable.render(columns, rows));
      if (output.hasNonNull("caption")) {
        out.println(output.get("caption").asText());
      }
      out.flush();
      return;
    }
    FormatOption.printJson(out, output);
  }
}
