package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.java.HandlerProvider;
import dev.fanout.executor.java.InvalidInputException;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import java.util.Map;

/**
 * Handlers for measuring Fanout itself: {@code count} maps {@code {"subJobs": N, "params": P}} to N
 * sub-jobs with params P (written through {@code context.subJobs()}), {@code noop} returns its
 * params, {@code sleep} waits {@code params.millis}, {@code tally} counts results by state; {@code
 * numbered} maps {@code {"subJobs": N, "run": R, "changed": C, "every": E}} to N sub-jobs of params
 * {@code {"i": i, "run": R}}, every E-th also carrying {@code "changed": C}, so that each is a
 * result of its own for the results cache and a resumed run can change a share of them.
 */
public final class BenchHandlers implements HandlerProvider {

  static final JavaHandler COUNT =
      (input, context) -> {
        int n = input.path("subJobs").asInt(-1);
        if (n < 0) {
          throw new InvalidInputException(
              "subJobs: expected a whole number of 0 or more, was " + input.path("subJobs"));
        }
        // Written one at a time: a million of them are never in memory at once.
        for (int i = 0; i < n; i++) {
          context.subJobs().add("n" + i, input.path("params"));
        }
        return null;
      };

  static final JavaHandler NUMBERED =
      (input, context) -> {
        int every = input.path("every").asInt(0);
        for (int i = 0; i < input.path("subJobs").asInt(); i++) {
          ObjectNode params = Json.MAPPER.createObjectNode().put("i", i);
          params.set("run", input.path("run"));
          if (every > 0 && i % every == 0) {
            params.set("changed", input.path("changed"));
          }
          context.subJobs().add("n" + i, params);
        }
        return null;
      };

  static final JavaHandler NOOP = (params, context) -> params;

  static final JavaHandler SLEEP =
      (params, context) -> {
        Thread.sleep(params.path("millis").asLong());
        return params;
      };

  /** Reducer: how many sub-jobs ended in each state, so a bench job's result stays small. */
  static final JavaHandler TALLY =
      (input, context) -> {
        var tally = Json.MAPPER.createObjectNode();
        for (SubJobResult r : context.results()) {
          String state = r.state().name();
          tally.put(state, tally.path(state).asInt() + 1);
        }
        return tally;
      };

  @Override
  public Map<String, JavaHandler> handlers() {
    return Map.of(
        "count", COUNT, "numbered", NUMBERED, "noop", NOOP, "sleep", SLEEP, "tally", TALLY);
  }
}
