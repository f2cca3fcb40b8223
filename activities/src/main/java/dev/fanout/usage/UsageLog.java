package dev.fanout.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fanout.job.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every recorded run of each function, one JSON line per run in {@code root/FUNCTION.jsonl}. On a
 * shared filesystem every worker appends to the same files (one write per line, in append mode) and
 * the CLI reads them.
 */
public final class UsageLog {

  private static final Logger log = LoggerFactory.getLogger(UsageLog.class);
  private static final String SUFFIX = ".jsonl";
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  /** Suggestions read only this many of a function's latest runs: tools and inputs change. */
  static final int RECENT_RUNS = 1000;

  private final Path root;

  public UsageLog(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Records a run; a failure to record is logged, never the run's failure. */
  public void record(ResourceUsage usage) {
    Path file = file(usage.function());
    try {
      byte[] line = (Json.MAPPER.writeValueAsString(usage) + "\n").getBytes(StandardCharsets.UTF_8);
      try {
        Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (NoSuchFileException e) {
        // The first run recorded under this home: only then is the folder made.
        Files.createDirectories(root);
        Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      log.warn("cannot record resource use in {}: {}", file, e.toString());
    }
  }

  /** The function's latest runs, oldest first. */
  public List<ResourceUsage> runs(String function) {
    List<ResourceUsage> runs = readAll(file(function));
    return List.copyOf(runs.subList(Math.max(0, runs.size() - RECENT_RUNS), runs.size()));
  }

  /** What to ask for the function now, if enough of its runs were measured. */
  public Optional<ResourceSuggestion> suggest(String function) {
    return ResourceSuggestion.from(runs(function));
  }

  /** Every function with recorded runs, and how many runs each has. */
  public SortedMap<String, Integer> functions() {
    SortedMap<String, Integer> functions = new TreeMap<>();
    try (Stream<Path> files = Files.list(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(SUFFIX)).toList()) {
        List<ResourceUsage> runs = readAll(file);
        if (!runs.isEmpty()) {
          functions.put(runs.get(0).function(), runs.size());
        }
      }
    } catch (NoSuchFileException e) {
      return functions;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return functions;
  }

  private static List<ResourceUsage> readAll(Path file) {
    List<ResourceUsage> runs = new ArrayList<>();
    try (Stream<String> lines = Files.lines(file)) {
      lines.forEach(
          line -> {
            try {
              runs.add(Json.MAPPER.readValue(line, ResourceUsage.class));
            } catch (JsonProcessingException e) {
              // A line cut short by a crash mid-write: the others still count.
              log.debug("skipping an unreadable line of {}", file);
            }
          });
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return runs;
  }

  /**
   * One file per function; a name such as {@code slurm:kallisto-quant} becomes {@code
   * slurm_kallisto-quant} plus its hash, so two names that read alike never share a file.
   */
  private Path file(String function) {
    String safe = UNSAFE.matcher(function).replaceAll("_");
    if (safe.length() > 80) {
      safe = safe.substring(0, 80);
    }
    return root.resolve(safe + "-" + Integer.toHexString(function.hashCode()) + SUFFIX);
  }
}
