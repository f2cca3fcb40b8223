package dev.fanout.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.Json;
import java.util.concurrent.atomic.AtomicInteger;

/** Small handlers the engine tests compose jobs from. */
final class Handlers {

  private Handlers() {}

  /** Mapper: {@code {"n": N}} becomes N sub-jobs with params {@code {"i": index}}. */
  static final JavaHandler RANGE =
      (input, context) -> {
        ArrayNode subJobs = Json.MAPPER.createArrayNode();
        for (int i = 0; i < input.path("n").asInt(); i++) {
          var subJob = subJobs.addObject().put("key", "item-" + i);
          subJob.putObject("params").put("i", i);
        }
        context.log().info("mapped {} sub-jobs", subJobs.size());
        return subJobs;
      };

  /** Reducer: the sum of every sub-job's {@code output.value} and how many results came. */
  static final JavaHandler SUM =
      (input, context) -> {
        long sum = 0;
        int results = 0;
        for (var result : context.results()) {
          results++;
          if (result.output() != null) {
            sum += result.output().path("value").asLong();
          }
        }
        return Json.MAPPER.createObjectNode().put("sum", sum).put("results", results);
      };

  /** Counts invocations running at once and the most ever seen; handlers call enter and exit. */
  static final class Concurrency {
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    void enter() {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
    }

    void exit() {
      now.decrementAndGet();
    }

    int max() {
      return max.get();
    }

    int now() {
      return now.get();
    }
  }
}
