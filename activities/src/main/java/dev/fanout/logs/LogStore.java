package dev.fanout.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Logs of mappers, sub-jobs and reducers, one file per invocation under {@code root/jobId/}. Lines
 * are flushed as they are written, so they can be read while the job runs; on a shared filesystem
 * every worker and the CLI see the same files.
 */
public final class LogStore {

  private static final String SUFFIX = ".log";
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private final Path root;

  public LogStore(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Opens a log for appending; a retried attempt adds to what earlier attempts wrote. */
  public TaskLog open(String jobId, String name) throws IOException {
    Path file = file(jobId, name);
    try {
      return new TaskLog(file);
    } catch (NoSuchFileException e) {
      // The job's first log on this filesystem; creating the folder only then spares every other
      // invocation the checks.
      Files.createDirectories(file.getParent());
      return new TaskLog(file);
    }
  }

  /** The reference recorded with a result: the log's path relative to the store's root. */
  public String ref(String jobId, String name) {
    return root.relativize(file(jobId, name)).toString();
  }

  /** Lines {@code offset..offset+limit} (0-based) of a log; empty if it does not exist yet. */
  public List<String> read(String jobId, String name, long offset, int limit) {
    try (Stream<String> lines = Files.lines(file(jobId, name))) {
      return lines.skip(offset).limit(limit).toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code count} lines of a log, for error messages. */
  public List<String> tail(String jobId, String name, int count) {
    List<String> all = read(jobId, name, 0, Integer.MAX_VALUE);
    return all.subList(Math.max(0, all.size() - count), all.size());
  }

  /** The names of a job's logs, such as {@code mapper} and {@code task-000042}. */
  public List<String> names(String jobId) {
    Path dir = root.resolve(safe(jobId));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = new ArrayList<>();
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(SUFFIX))
          .sorted()
          .forEach(n -> names.add(n.substring(0, n.length() - SUFFIX.length())));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a job's logs; returns how many there were. */
  public int delete(String jobId) throws IOException {
    return deleteTree(root.resolve(safe(jobId)));
  }

  /** Removes a directory and everything in it; returns how many files it held. */
  public static int deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    int files = 0;
    for (Path path : paths) {
      files += Files.isRegularFile(path) ? 1 : 0;
      Files.delete(path);
    }
    return files;
  }

  private Path file(String jobId, String name) {
    return root.resolve(safe(jobId)).resolve(safe(name) + SUFFIX);
  }

  /** Job ids come from users: keep them from naming a path outside a directory. */
  public static String safe(String part) {
    String cleaned = UNSAFE.matcher(part).replaceAll("_");
    return cleaned.startsWith(".") ? "_" + cleaned : cleaned;
  }
}
