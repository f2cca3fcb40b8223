package dev.fanout.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.Json;
import dev.fanout.logs.LogStore;
import dev.fanout.workflow.Invocation;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One attempt's work directory under the contract every command-running executor shares (process,
 * Docker, Slurm): the invocation's input in {@code input.json}, the function's result read back
 * from {@code output.json}, exit 0 for success.
 */
public final class WorkDir {

  public static final String INPUT = "input.json";
  public static final String OUTPUT = "output.json";

  private final Path path;

  private WorkDir(Path path) {
    this.path = path;
  }

  /** Makes {@code root/JOB/task-NNNNNN/attempt-N} and writes the input into it. */
  public static WorkDir create(Path root, Invocation invocation, int attempt, InvocationInput input)
      throws IOException {
    Path path =
        root.resolve(LogStore.safe(invocation.jobId()))
            .resolve(invocation.logName())
            .resolve("attempt-" + attempt);
    Files.createDirectories(path);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path.resolve(INPUT)))) {
      input.write(invocation, out);
    }
    return new WorkDir(path);
  }

  /** A work directory an earlier attempt made, to collect what its function wrote. */
  /**
   * A command's program as it must be named inside its work directory: a relative path is taken
   * from the worker's working directory, as its user wrote it; a bare name is looked up on PATH.
   */
  public static String program(String program) {
    return program.contains("/") ? Path.of(program).toAbsolutePath().toString() : program;
  }

  public static WorkDir existing(Path path) {
    return new WorkDir(path);
  }

  public Path path() {
    return path;
  }

  /** The result of a function that exited with {@code exitCode}, or why there is none. */
  public JsonNode collect(int exitCode, OutputTail tail) throws InvocationException {
    if (exitCode != 0) {
      String meaning = exitCode > 128 ? " (killed by signal " + (exitCode - 128) + ")" : "";
      throw InvocationException.failed(
          "NonZeroExit", "exit code " + exitCode + meaning + tail.describe(), null);
    }
    String output;
    try {
      output = Files.readString(path.resolve(OUTPUT));
    } catch (NoSuchFileException e) {
      throw InvocationException.failed(
          "MissingOutput",
          "exited 0 but wrote no " + OUTPUT + " in " + path + tail.describe(),
          null);
    } catch (IOException e) {
      throw InvocationException.failed("MissingOutput", "cannot read " + OUTPUT + ": " + e, e);
    }
    try {
      return Json.MAPPER.readTree(output);
    } catch (JsonProcessingException e) {
      throw InvocationException.failed(
          "MalformedOutput",
          OUTPUT + " in " + path + " is not JSON: " + e.getOriginalMessage(),
          null);
    }
  }
}
