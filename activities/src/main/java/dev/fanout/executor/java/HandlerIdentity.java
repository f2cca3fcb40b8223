package dev.fanout.executor.java;

import dev.fanout.cache.Digests;
import dev.fanout.cache.FunctionIdentity;
import dev.fanout.job.FunctionRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a Java handler is: its name and the version of the code that serves it: the version it says
 * itself, else the content digest of its jar (remembered per jar file, size and modification time,
 * since a worker's fat jar is large). A handler loaded from a directory of classes (a build tree)
 * has no such digest and is identified by that directory.
 */
public final class HandlerIdentity implements FunctionIdentity {

  private final Map<String, JavaHandler> handlers;
  private final Map<String, String> jarDigests = new ConcurrentHashMap<>();

  public HandlerIdentity(Map<String, JavaHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  @Override
  public String of(FunctionRef function) throws IOException, URISyntaxException {
    JavaHandler handler = handlers.get(function.handler());
    if (handler == null) {
      return null; // its sub-jobs fail as BadFunctionReference: nothing to cache
    }
    String version = handler.version() != null ? handler.version() : codeVersion(handler);
    return "java:" + function.handler() + "@" + version;
  }

  private String codeVersion(JavaHandler handler) throws IOException, URISyntaxException {
    CodeSource source = handler.getClass().getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "unknown";
    }
    Path location = Path.of(source.getLocation().toURI());
    if (!Files.isRegularFile(location)) {
      return "classes:" + location;
    }
    String seen = location + ":" + Files.size(location) + ":" + Files.getLastModifiedTime(location);
    String digest = jarDigests.get(seen);
    if (digest == null) {
      digest = Digests.of(location);
      jarDigests.put(seen, digest);
    }
    return "jar-sha256:" + digest;
  }
}
