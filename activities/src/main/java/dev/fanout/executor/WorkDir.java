package dev.fanout.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.FailureType;
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

  /**
   * A function that finds its input at fault (a missing file, a bad parameter) writes the reason
   * here: the attempt then fails at once as {@code InvalidInput}, without retries.
   */
  public static final String INVALID_INPUT = "invalid-input.txt";

  /** The most of a refusal's reason that travels in the failure. */
  private static final int MAX_REASON_CHARS = 2000;

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

  /**
   * A command's program as it must be named inside its work directory: a relative path is taken
   * from the worker's working directory, as its user wrote it; a bare name is looked up on PATH.
   */
  public static String program(String program) {
    return program.contains("/") ? Path.of(program).toAbsolutePath().toString() : program;
  }

  /** A work directory an earlier attempt made, to collect what its function wrote. */
  public static WorkDir existing(Path path) {
    return new WorkDir(path);
  }

  public Path path() {
    return path;
  }

  /** The result of a function that exited with {@code exitCode}, or why there is none. */
  public JsonNode collect(int exitCode, OutputTail tail) throws InvocationException {
    refusal();
    new ExitStatus(exitCode).check(tail);
    String output;
    try {
      output = Files.readString(path.resolve(OUTPUT));
    } catch (NoSuchFileException e) {
      throw new InvocationException(
          FailureType.MISSING_OUTPUT,
          "exited 0 but wrote no " + OUTPUT + " in " + path + tail.describe(),
          null);
    } catch (IOException e) {
      throw new InvocationException(
          FailureType.MISSING_OUTPUT, "cannot read " + OUTPUT + ": " + e, e);
    }
    try {
      return Json.MAPPER.readTree(output);
    } catch (JsonProcessingException e) {
      throw new InvocationException(
          FailureType.MALFORMED_OUTPUT,
          OUTPUT + " in " + path + " is not JSON: " + e.getOriginalMessage(),
          null);
    }
  }

  /**
   * Fails as {@code InvalidInput} if the function said its input is at fault, whatever it exited.
   */
  private void refusal() throws InvocationException {
    String reason;
    try {
      reason = Files.readString(path.resolve(INVALID_INPUT)).strip();
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      reason = "";
    }
    if (reason.isEmpty()) {
      reason = "the function refused its input (" + INVALID_INPUT + " gives no reason)";
    }
    throw InvocationException.invalidInput(
        reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason,
        null);
  }
}
