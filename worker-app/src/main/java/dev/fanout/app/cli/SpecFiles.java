package dev.fanout.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.FieldError;
import dev.fanout.job.InvalidJobSpecException;
import dev.fanout.job.JobSpecParser;
import dev.fanout.job.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads a job spec file and checks it, naming the file in every error. */
final class SpecFiles {

  private SpecFiles() {}

  static JsonNode read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserInputException(file + ": no such file (expected a job spec in JSON)");
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
    try {
      JobSpecParser.parse(text);
      return Json.MAPPER.readTree(text);
    } catch (InvalidJobSpecException e) {
      throw new UserInputException(
          file
              + ": invalid job spec:\n"
              + e.errors().stream()
                  .map(FieldError::toString)
                  .map(line -> "  " + line)
                  .collect(Collectors.joining("\n")));
    } catch (IOException e) {
      throw new UserInputException(file + ": " + e.getMessage());
    }
  }
}
