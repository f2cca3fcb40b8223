package dev.fanout.blobs;

import dev.fanout.logs.LogStore;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Blobs as files under a directory; writes are atomic (a reader never sees half a blob). */
public final class FileBlobStore implements BlobStore {

  private final Path root;

  public FileBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public URI put(String key, byte[] bytes) throws IOException {
    return write(
        key,
        partial ->
            Files.write(partial, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
  }

  @Override
  public URI put(String key, Path source) throws IOException {
    return write(key, partial -> Files.copy(source, partial));
  }

  @Override
  public URI uri(String key) {
    return file(key).toUri();
  }

  /** Fills a file that must not exist yet: it throws FileAlreadyExistsException if it does. */
  private interface Filler {
    void fill(Path partial) throws IOException;
  }

  /**
   * Names this process's partial files (its pid and a count): {@code Files.createTempFile} draws
   * its names from SecureRandom, two thirds of a small blob's write (the results cache writes one
   * per sub-job). A name another process or an earlier one with the same pid left behind is refused
   * by the filler, and the next count is tried.
   */
  private static final String PART = ".part-" + ProcessHandle.current().pid() + "-";

  private static final AtomicLong PARTS = new AtomicLong();

  private URI write(String key, Filler filler) throws IOException {
    Path file = file(key);
    Files.createDirectories(file.getParent());
    while (true) {
      Path partial = file.resolveSibling(PART + PARTS.incrementAndGet());
      try {
        filler.fill(partial);
      } catch (FileAlreadyExistsException taken) {
        continue;
      } catch (IOException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file.toUri();
    }
  }

  @Override
  public InputStream open(URI uri) throws IOException {
    if (!owns(uri)) {
      throw new IOException(uri + " is not a blob under " + root);
    }
    return Files.newInputStream(Path.of(uri));
  }

  @Override
  public List<String> keys(String prefix) throws IOException {
    Path top = file(prefix);
    if (!Files.isDirectory(top)) {
      return Files.isRegularFile(top) ? List.of(key(top)) : List.of();
    }
    try (Stream<Path> files = Files.walk(top)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(".part-"))
          .map(this::key)
          .toList();
    }
  }

  private String key(Path file) {
    return root.relativize(file).toString().replace(File.separatorChar, '/');
  }

  @Override
  public int deleteAll(String prefix) throws IOException {
    return LogStore.deleteTree(file(prefix));
  }

  @Override
  public boolean owns(URI uri) {
    return "file".equals(uri.getScheme()) && Path.of(uri).normalize().startsWith(root);
  }

  /** Each key segment is made safe, so a key from a user cannot name a file outside the root. */
  private Path file(String key) {
    Path file = root;
    for (String segment : key.split("/")) {
      if (!segment.isEmpty()) {
        file = file.resolve(LogStore.safe(segment));
      }
    }
    return file;
  }
}
