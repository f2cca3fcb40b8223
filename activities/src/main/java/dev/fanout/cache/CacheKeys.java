package dev.fanout.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.CacheSpec;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.workflow.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A sub-job's key in the results cache: {@code cache/OWNER/DIGEST}, the digest (SHA-256) of its
 * function's identity as its pool tells it, the function's own fields (all but its resources and
 * name, which do not change what it computes), the canonical JSON of its params (object fields
 * sorted) and its input files' fingerprints. The owner is part of the key's place, so nobody's run
 * reuses another owner's output.
 */
public final class CacheKeys {

  public static final String PREFIX = "cache/";

  /** What a key the workers are handed must look like before they write under it. */
  private static final Pattern KEY = Pattern.compile("cache/[A-Za-z0-9._@-]{1,64}/[0-9a-f]{64}");

  private CacheKeys() {}

  /** The key, or null when a named input file cannot be seen here ({@link InputFiles}). */
  public static String of(
      String owner, FunctionRef function, String identity, CacheSpec cache, JsonNode params)
      throws IOException {
    ObjectNode what = what(function, identity, cache, params);
    return what == null ? null : PREFIX + owner + "/" + digest(what);
  }

  /**
   * A mapper's or reducer's key: as a sub-job's, its input in the params' place, with its role (so
   * no sub-job's key can name it) and, for a reducer, the digest of the results it reads ({@link
   * ResultsDigest}).
   */
  public static String of(
      String owner,
      Role role,
      FunctionRef function,
      String identity,
      CacheSpec cache,
      JsonNode input,
      String results)
      throws IOException {
    ObjectNode what = what(function, identity, cache, input);
    if (what == null) {
      return null;
    }
    what.put("role", role.name());
    if (results != null) {
      what.put("results", results);
    }
    return PREFIX + owner + "/" + digest(what);
  }

  private static ObjectNode what(
      FunctionRef function, String identity, CacheSpec cache, JsonNode params) throws IOException {
    ObjectNode what = Json.MAPPER.createObjectNode().put("identity", identity);
    ObjectNode fields = Json.MAPPER.valueToTree(function);
    fields.remove(List.of("resources", "name"));
    what.set("function", canonical(fields));
    what.set("params", canonical(params));
    ArrayNode files = InputFiles.fingerprints(params, cache);
    if (files == null) {
      return null;
    }
    what.set("files", files);
    return what;
  }

  private static String digest(JsonNode what) throws IOException {
    return Digests.of(Json.MAPPER.writeValueAsBytes(what));
  }

  /** Whether {@code key} is one this class makes. */
  public static boolean valid(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  /** The same value with every object's fields in name order, so equal params digest alike. */
  static JsonNode canonical(JsonNode node) {
    if (node == null) {
      return Json.MAPPER.nullNode();
    }
    if (node.isObject()) {
      ObjectNode sorted = Json.MAPPER.createObjectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      names.forEach(name -> sorted.set(name, canonical(node.get(name))));
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode items = Json.MAPPER.createArrayNode();
      node.forEach(item -> items.add(canonical(item)));
      return items;
    }
    return node;
  }
}
