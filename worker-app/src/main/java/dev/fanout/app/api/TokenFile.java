package dev.fanout.app.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens for a single site, from a file of lines {@code TOKEN USER [admin]}; blank lines and lines
 * starting with {@code #} are skipped. Read once, at start.
 */
public final class TokenFile implements Authenticator {

  private final Map<String, Caller> callers;

  private TokenFile(Map<String, Caller> callers) {
    this.callers = Map.copyOf(callers);
  }

  /** Reads the file; a malformed line is an error naming the file and the line. */
  public static TokenFile read(Path file) throws IOException {
    Map<String, Caller> callers = new HashMap<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      boolean admin = fields.length == 3 && fields[2].equals("admin");
      if (fields.length < 2 || fields.length > 3 || (fields.length == 3 && !admin)) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": expected 'TOKEN USER' or 'TOKEN USER admin'");
      }
      callers.put(fields[0], new Caller(fields[1], admin));
    }
    return new TokenFile(callers);
  }

  @Override
  public Optional<Caller> authenticate(String token) {
    return Optional.ofNullable(callers.get(token));
  }
}
