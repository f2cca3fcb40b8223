package dev.fanout.app;

import dev.fanout.executor.java.HandlerProvider;
import dev.fanout.executor.java.JavaHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The Java handlers on this worker's classpath, from every {@link HandlerProvider}. */
public final class Handlers {

  private Handlers() {}

  public static Map<String, JavaHandler> discover() {
    Map<String, JavaHandler> all = new HashMap<>();
    for (HandlerProvider provider : ServiceLoader.load(HandlerProvider.class)) {
      provider
          .handlers()
          .forEach(
              (name, handler) -> {
                if (all.putIfAbsent(name, handler) != null) {
                  throw new IllegalStateException(
                      "two handlers named '"
                          + name
                          + "' on the classpath (one from "
                          + provider.getClass().getName()
                          + ")");
                }
              });
    }
    return all;
  }
}
