package dev.fanout.executor.java;

import java.util.Map;

/**
 * How a jar brings its own handlers to a worker: implement this and list the class in {@code
 * META-INF/services/dev.fanout.executor.java.HandlerProvider}; the worker loads every provider on
 * its classpath.
 */
public interface HandlerProvider {
  Map<String, JavaHandler> handlers();
}
