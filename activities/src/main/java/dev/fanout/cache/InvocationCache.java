package dev.fanout.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.CacheOrigin;
import dev.fanout.job.Json;
import dev.fanout.workflow.CacheHit;
import dev.fanout.workflow.FunctionCaching;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results cache as one invocation's activity uses it: keys a mapper or reducer (which only its
 * pool can: it alone knows what it runs), finds what an earlier run left when the job resumes, and
 * keeps what this run gives. A cache that cannot be read or written costs a later resume its reuse,
 * never this run its result: every trouble here is logged and passed over.
 */
public final class InvocationCache {

  private static final Logger log = LoggerFactory.getLogger(InvocationCache.class);

  private final BlobStore blobs;
  private final CacheEntries entries;
  private final FunctionIdentity identity;

  public InvocationCache(BlobStore blobs, FunctionIdentity identity) {
    this.blobs = blobs;
    this.entries = new CacheEntries(blobs);
    this.identity = identity;
  }

  /**
   * A mapper's or reducer's key, from its input as read back ({@code resolved}); null for a sub-job
   * (its page keyed it), a job that caches nothing, or when the key cannot be had: then it runs and
   * is not kept, as without a cache.
   */
  public String keyOf(Invocation resolved) {
    if (resolved.caching() == null || resolved.role() == Role.TASK) {
      return null;
    }
    try {
      String identified = identity.of(resolved.function());
      if (identified == null) {
        return null;
      }
      FunctionCaching caching = resolved.caching();
      return CacheKeys.of(
          caching.owner(),
          resolved.role(),
          resolved.function(),
          identified,
          caching.cache(),
          resolved.input(),
          resolved.results() == null ? null : ResultsDigest.of(blobs, resolved.results()));
    } catch (Exception e) {
      log.warn("no results cache for this {}: {}", resolved.logName(), e.toString());
      return null;
    }
  }

  /** The entry an earlier run left under {@code key}, when the job resumes. */
  public Optional<CacheHit> reusable(Invocation resolved, String key) throws IOException {
    if (key == null || !resolved.caching().reuse()) {
      return Optional.empty();
    }
    return entries.find(key, resolved.taskIndex());
  }

  /**
   * A mapper's kept output copied to a local file, to be read as a big mapper's own output is (the
   * caller deletes it); empty when it was dropped since its entry was found.
   */
  public Optional<Path> mappedFile(CacheHit hit) throws IOException {
    Path file = Files.createTempFile("fanout-mapped-", ".json");
    try (InputStream in = blobs.open(URI.create(hit.outputRef()))) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return Optional.of(file);
    } catch (NoSuchFileException e) {
      Files.delete(file);
      return Optional.empty();
    }
  }

  /**
   * Keeps a sub-job's or reducer's output (inline, or the reference its run stored it under), when
   * it was keyed.
   */
  public void keep(Invocation invocation, JsonNode output, String ref) {
    if (invocation.cacheKey() == null) {
      return;
    }
    if (!CacheKeys.valid(invocation.cacheKey())) {
      log.warn("not caching under a key no page makes: {}", invocation.cacheKey());
      return;
    }
    try {
      entries.put(invocation.cacheKey(), origin(invocation), output, ref);
    } catch (IOException e) {
      log.warn("cannot keep the output in the results cache: {}", e.toString());
    }
  }

  /**
   * Keeps a mapper's output, when it was keyed: the array as it came, in memory or in the file it
   * was spooled to.
   */
  public void keepMapped(Invocation mapper, JsonNode output, Optional<Path> spooled) {
    if (mapper.cacheKey() == null) {
      return;
    }
    try {
      if (spooled.isPresent()) {
        entries.putMapped(mapper.cacheKey(), origin(mapper), spooled.get());
        return;
      }
      Path file = Files.createTempFile("fanout-mapped-", ".json");
      try {
        Json.MAPPER.writeValue(file.toFile(), output);
        entries.putMapped(mapper.cacheKey(), origin(mapper), file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      log.warn("cannot keep the mapper's output in the results cache: {}", e.toString());
    }
  }

  private static CacheOrigin origin(Invocation invocation) {
    return new CacheOrigin(invocation.jobId(), invocation.taskIndex());
  }
}
