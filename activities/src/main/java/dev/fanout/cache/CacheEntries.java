package dev.fanout.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.CacheOrigin;
import dev.fanout.job.Json;
import dev.fanout.workflow.CacheHit;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The results cache's entries in the blob store, one blob per key ({@code
 * cache/OWNER/DIGEST.json}): the output a successful run gave (inline when small, else the
 * reference it stored under its job), the job and sub-job it came from, and when. Only successes
 * are written, so a failed sub-job is never reused.
 */
public final class CacheEntries {

  private static final String ENTRY = ".json";
  private static final String MAPPED = ".mapped";

  private final BlobStore blobs;

  public CacheEntries(BlobStore blobs) {
    this.blobs = blobs;
  }

  /** Keeps a successful run's output under {@code key}, replacing an earlier one. */
  public void put(String key, CacheOrigin origin, JsonNode output, String outputRef)
      throws IOException {
    ObjectNode entry =
        Json.MAPPER
            .createObjectNode()
            .put("jobId", origin.jobId())
            .put("index", origin.index())
            .put("createdAt", Instant.now().toString());
    if (outputRef != null) {
      entry.put("outputRef", outputRef);
    } else {
      entry.set("output", output);
    }
    blobs.put(blob(key), Json.MAPPER.writeValueAsBytes(entry));
  }

  /**
   * Keeps a mapper's output under {@code key}: the JSON array in {@code file}, as a blob beside the
   * entry ({@code cache/OWNER/DIGEST.mapped}), so the entry does not depend on the job's pages,
   * which another run may cut otherwise.
   */
  public void putMapped(String key, CacheOrigin origin, Path file) throws IOException {
    URI mapped = blobs.put(key + MAPPED, file);
    put(key, origin, null, mapped.toString());
  }

  /** The entry under {@code key}, as the hit of sub-job {@code index}; empty when there is none. */
  public Optional<CacheHit> find(String key, int index) throws IOException {
    JsonNode entry;
    try (InputStream in = blobs.open(blobs.uri(blob(key)))) {
      entry = Json.MAPPER.readTree(in);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(
        new CacheHit(
            index,
            entry.has("outputRef") ? null : entry.path("output"),
            entry.has("outputRef") ? entry.get("outputRef").asText() : null,
            new CacheOrigin(entry.path("jobId").asText(), entry.path("index").asInt())));
  }

  /** Removes the entries a job's runs made (its outputs are going); returns how many. */
  public int dropJob(String jobId) throws IOException {
    return drop(entry -> jobId.equals(entry.path("jobId").asText()));
  }

  /** Removes the entries made before {@code cutoff}; returns how many. */
  public int dropOlderThan(Instant cutoff) throws IOException {
    return drop(entry -> Instant.parse(entry.path("createdAt").asText()).isBefore(cutoff));
  }

  /** Whether a blob under the prefix is an entry this class wrote (and not, say, a stray file). */
  private static boolean isEntry(JsonNode blob) {
    return blob != null && blob.isObject() && blob.has("jobId") && blob.has("createdAt");
  }

  private int drop(Predicate<JsonNode> which) throws IOException {
    int dropped = 0;
    for (String key : blobs.keys(CacheKeys.PREFIX)) {
      if (!key.endsWith(ENTRY)) {
        continue;
      }
      JsonNode entry;
      try (InputStream in = blobs.open(blobs.uri(key))) {
        entry = Json.MAPPER.readTree(in);
      } catch (NoSuchFileException e) {
        continue; // dropped meanwhile
      } catch (JsonProcessingException e) {
        continue; // not an entry
      }
      if (isEntry(entry) && which.test(entry)) {
        String cacheKey = key.substring(0, key.length() - ENTRY.length());
        blobs.deleteAll(cacheKey + MAPPED); // a mapper's output, beside its entry
        dropped += blobs.deleteAll(key);
      }
    }
    return dropped;
  }

  private static String blob(String key) {
    return key + ENTRY;
  }
}
