package dev.fanout.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.CacheSpec;
import dev.fanout.job.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The input files a sub-job's params name, as fingerprints for its cache key: lenient (Nextflow's
 * default) is a file's absolute path, size and modification time; deep is its path and a digest of
 * its content. Which strings are files: those under the params fields {@code cache.inputFiles}
 * names, at any depth (so a batch of items' params works too); without that list, every string that
 * names an existing regular file. Paths are taken as the worker resolves them, from its working
 * directory; a named file it cannot see leaves the sub-job without a key.
 */
final class InputFiles {

  /** Longer strings are text, not paths, and are not looked up. */
  private static final int MAX_PATH = 4096;

  private InputFiles() {}

  /**
   * The fingerprints, or null when a named input file is not there to see: on a cluster whose
   * executors' hosts have files this worker does not, a fingerprint of "missing" would stay the
   * same while the file changed, and reuse a stale output; unkeyed, the invocation runs every time.
   */
  static ArrayNode fingerprints(JsonNode params, CacheSpec cache) throws IOException {
    SortedSet<Path> files = new TreeSet<>();
    Set<String> named = cache.inputFiles() == null ? null : Set.copyOf(cache.inputFiles());
    collect(params, named, named == null, files);
    ArrayNode prints = Json.MAPPER.createArrayNode();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      prints.add(fingerprint(file, cache.deep()));
    }
    return prints;
  }

  /**
   * @param taking whether strings here are files: everywhere without a list, else under a named
   *     field
   */
  private static void collect(JsonNode node, Set<String> named, boolean taking, Set<Path> files) {
    if (node == null) {
      return; // a sub-job without params
    }
    if (node.isTextual()) {
      if (taking && node.textValue().length() <= MAX_PATH) {
        path(node.textValue(), named != null, files);
      }
    } else if (node.isArray()) {
      node.forEach(item -> collect(item, named, taking, files));
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        collect(field.getValue(), named, taking || named.contains(field.getKey()), files);
      }
    }
  }

  /**
   * A named file counts even when missing (and unkeys its sub-job); an unnamed one only if a file.
   */
  private static void path(String text, boolean named, Set<Path> files) {
    try {
      Path path = Path.of(text).toAbsolutePath().normalize();
      if (named || (!text.isBlank() && Files.isRegularFile(path))) {
        files.add(path);
      }
    } catch (InvalidPathException e) {
      // not a path at all
    }
  }

  private static ObjectNode fingerprint(Path file, boolean deep) throws IOException {
    ObjectNode print = Json.MAPPER.createObjectNode().put("path", file.toString());
    if (deep) {
      return print.put("sha256", Digests.of(file));
    }
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return print
        .put("size", attributes.size())
        .put("modified", attributes.lastModifiedTime().toMillis());
  }
}
