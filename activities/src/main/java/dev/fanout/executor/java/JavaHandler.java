package dev.fanout.executor.java;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function run in the worker's own JVM, registered by name. Mapper, sub-job and reducer handlers
 * share this shape; see DESIGN.md for what each receives and returns. A long handler should respond
 * to interruption: that is how a cancel reaches it. A handler whose input is at fault throws {@link
 * InvalidInputException}, which fails the attempt without retries; anything else it throws is
 * retried by the job's policy.
 */
@FunctionalInterface
public interface JavaHandler {
  JsonNode handle(JsonNode input, HandlerContext context) throws Exception;

  /**
   * This handler's version, for the results cache: null (the default) lets the jar that serves it
   * speak for it ({@link HandlerIdentity}); a handler whose results change without its jar changing
   * says its own.
   */
  default String version() {
    return null;
  }
}
