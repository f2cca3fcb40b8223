package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the science examples under {@code examples/} (assembly, rnaseq, contig-search, fba): its
 * data simulator and its job specs, made runnable from any working directory, so that the bench and
 * the tests run the very specs a README runs.
 *
 * @param examples the repository's {@code examples} directory
 * @param story the example's folder name
 */
public record ScienceExample(Path examples, String story) {

  /** Runs the example's {@code simulate.py} with {@code args}, writing its data to {@code data}. */
  public void simulate(Path data, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(examples.resolve(story).resolve("simulate.py").toString());
    argv.addAll(List.of(args));
    argv.add("--out");
    argv.add(data.toAbsolutePath().toString());
    Process simulate = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String said = new String(simulate.getInputStream().readAllBytes());
    if (simulate.waitFor() != 0) {
      throw new IOException(story + "/simulate.py failed: " + said.strip());
    }
  }

  /**
   * The example's job spec {@code file} with its commands' relative paths, which name files from
   * the repository root, made absolute, and its input pointed at {@code data}.
   */
  public ObjectNode spec(String file, Path data) throws IOException {
    ObjectNode spec =
        (ObjectNode) Json.MAPPER.readTree(examples.resolve(story).resolve(file).toFile());
    Path root = examples.toAbsolutePath().getParent();
    for (String part : List.of("mapper", "task", "reducer")) {
      JsonNode command = spec.path(part).path("command");
      if (command.isArray() && !command.isEmpty()) {
        Path program = Path.of(command.get(0).asText());
        if (!program.isAbsolute() && program.getNameCount() > 1) {
          ((ArrayNode) command).set(0, root.resolve(program).toString());
        }
      }
    }
    ((ObjectNode) spec.get("input")).put("data", data.toAbsolutePath().toString());
    return spec;
  }
}
