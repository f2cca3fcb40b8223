package dev.fanout.executor.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.cache.Digests;
import dev.fanout.cache.FunctionIdentity;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a process runs: its argv, and the content digest of the program (looked up on the PATH it
 * will run with) and of every other argv word naming a file on this worker, so that a changed
 * script run as {@code ["python3", "run.py"]} counts as much as a changed program.
 */
public final class ProgramIdentity implements FunctionIdentity {

  private final String executor;
  private final String defaultPath;

  /**
   * @param defaultPath where the program is looked up unless the function's {@code env} sets PATH
   */
  public ProgramIdentity(String executor, String defaultPath) {
    this.executor = executor;
    this.defaultPath = defaultPath;
  }

  /** As the process executor runs a command: on its minimal PATH. */
  public static ProgramIdentity forProcess() {
    return new ProgramIdentity("process", ProcessRun.BASE_ENV.get("PATH"));
  }

  @Override
  public String of(FunctionRef function) throws IOException {
    List<String> argv = function.command();
    String path =
        function.env() != null && function.env().containsKey("PATH")
            ? function.env().get("PATH")
            : defaultPath;
    ObjectNode identity = Json.MAPPER.createObjectNode();
    identity.set("argv", Json.MAPPER.valueToTree(argv));
    ObjectNode digests = identity.putObject("files");
    Optional<Path> program = ProcessRun.executable(WorkDir.program(argv.get(0)), path);
    if (program.isPresent()) {
      digests.put(program.get().toString(), Digests.of(program.get().toRealPath()));
    }
    for (String word : argv.subList(1, argv.size())) {
      file(word).ifPresent(file -> digests.put(file.toString(), digest(file)));
    }
    return executor + ":" + Json.MAPPER.writeValueAsString(identity);
  }

  private static Optional<Path> file(String word) {
    try {
      Path file = Path.of(word).toAbsolutePath().normalize();
      return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static String digest(Path file) {
    try {
      return Digests.of(file);
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }
}
