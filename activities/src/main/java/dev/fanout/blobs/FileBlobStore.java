package dev.fanout.blobs;

import dev.fanout.logs.LogStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Blobs as files under a directory; writes are atomic (a reader never sees half a blob). */
public final class FileBlobStore implements BlobStore {

  private final Path root;

  public FileBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public URI put(String key, byte[] bytes) throws IOException {
    Path file = file(key);
    Files.createDirectories(file.getParent());
    Path partial = Files.createTempFile(file.getParent(), ".part-", "");
    Files.write(partial, bytes);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file.toUri();
  }

  @Override
  public InputStream open(URI uri) throws IOException {
    if (!owns(uri)) {
      throw new IOException(uri + " is not a blob under " + root);
    }
    return Files.newInputStream(Path.of(uri));
  }

  @Override
  public int deleteAll(String prefix) throws IOException {
    Path dir = file(prefix);
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
