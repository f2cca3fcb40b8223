package dev.fanout.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The bad-input corpus: spec files under {@code src/test/resources/bad-specs}, each with the one
 * problem that the CLI and the HTTP API must name for it, listed in {@code expected.tsv}.
 */
public final class BadSpecs {

  public static final Path DIR = Path.of("src/test/resources/bad-specs").toAbsolutePath();

  /** One spec: its file and the one line naming its problem, {@code field: message}. */
  public record Case(String name, Path file, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private BadSpecs() {}

  public static List<Case> all() throws IOException {
    return Files.readAllLines(DIR.resolve("expected.tsv")).stream()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("\t", 2))
        .map(parts -> new Case(parts[0], DIR.resolve(parts[0]), parts[1]))
        .toList();
  }
}
