package dev.fanout.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where what is too big for Temporal goes (payloads over the limits, large outputs, manifests);
 * only the URI travels through a workflow. A directory by default (a shared filesystem in a
 * cluster), S3 in the cloud.
 */
public interface BlobStore {

  /** Stores {@code bytes} under {@code key} (such as {@code JOB/outputs/task-000042.json}). */
  URI put(String key, byte[] bytes) throws IOException;

  /**
   * Stores the contents of {@code file} under {@code key}, for blobs too large to hold in memory.
   */
  URI put(String key, Path file) throws IOException;

  /** Where the blob under {@code key} is (or would be). */
  URI uri(String key);

  /** Reads a blob this store wrote; the caller closes the stream. Missing: NoSuchFileException. */
  InputStream open(URI uri) throws IOException;

  /**
   * The keys of every blob under {@code prefix}, in no particular order: for what is looked up by
   * what it holds rather than by job, such as the results cache's entries.
   */
  List<String> keys(String prefix) throws IOException;

  /** Removes every blob under {@code prefix} (a job's temporary data); returns how many. */
  int deleteAll(String prefix) throws IOException;

  /** Whether {@code uri} names a blob of this store. */
  boolean owns(URI uri);
}
