package dev.fanout.app.cli;

import dev.fanout.job.FieldError;
import dev.fanout.job.InvalidJobSpecException;
import dev.fanout.job.JobSpecParser;
import dev.fanout.job.SpecDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a job spec file and checks it, naming the file in every error: one problem on one line,
 * several as a list.
 */
final class SpecFiles {

  private SpecFiles() {}

  static SpecDocument read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserInputException(file + ": no such file (expected a job spec in JSON)");
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
    SpecDocument spec = SpecDocument.read(text);
    try {
      JobSpecParser.parse(spec);
      return spec;
    } catch (InvalidJobSpecException e) {
      throw new UserInputException(
          file
              + ": invalid job spec:"
              + (e.errors().size() == 1
                  ? " " + e.errors().get(0)
                  : e.errors().stream()
                      .map(FieldError::toString)
                      .map(line -> "\n  " + line)
                      .collect(Collectors.joining())));
    }
  }
}
