package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.StateCounts;
import java.util.List;
import java.util.UUID;

/**
 * The results cache: a job of distinct no-op sub-jobs, the same job with the cache off (what keying
 * and keeping cost a first run), then the first job resumed (nothing to run), then resumed with 1%
 * of its params changed (those run, the rest are reused). Each re-run's time is shown as a share of
 * the first run's: the goals are 0.2 and 0.25.
 */
public final class ResumeBench {

  /** One in this many sub-jobs changes in the last row: 1%. */
  static final int CHANGED_EVERY = 100;

  private ResumeBench() {}

  public static List<BenchRow> rows(BenchEngine engine, int subJobs, int window) {
    // A run id of its own, so no earlier bench's entries in the same store are reused.
    String run = UUID.randomUUID().toString();
    BenchEngine.Run first = engine.run(spec(subJobs, window, run, false, null));
    BenchRow baseline =
        BenchRow.baseline("fanout, java no-op, first run", subJobs, window, first.seconds());
    ObjectNode uncached = spec(subJobs, window, UUID.randomUUID().toString(), false, null);
    uncached.putObject("cache").put("mode", "off");
    BenchEngine.Run off = engine.run(uncached);
    BenchEngine.Run resumed = engine.run(spec(subJobs, window, run, true, null));
    BenchEngine.Run changed = engine.run(spec(subJobs, window, run, true, "changed"));
    return List.of(
        baseline,
        BenchRow.against(baseline, "the same, cache off", subJobs, window, off.seconds())
            .withNote(
                String.format(
                    "what the cache costs a first run: %.2f of its time is the cache's",
                    1 - off.seconds() / first.seconds())),
        row(baseline, "re-run with --resume", resumed, 0.2),
        row(baseline, "re-run with --resume, 1% of params changed", changed, 0.25));
  }

  private static BenchRow row(BenchRow first, String what, BenchEngine.Run run, double goal) {
    StateCounts c = run.result().counts();
    return BenchRow.against(first, what, first.n(), first.maxParallel(), run.seconds())
        .withNote(
            String.format(
                "%.2f of the first run's time (goal ≤ %.2f); %d ran, %d cached",
                run.seconds() / first.seconds(), goal, c.succeeded() + c.failed(), c.cached()));
  }

  private static ObjectNode spec(
      int subJobs, int window, String run, boolean resume, String changed) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("owner", "bench");
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("numbered")));
    spec.set("task", Json.MAPPER.valueToTree(FunctionRef.java("noop")));
    spec.set("reducer", Json.MAPPER.valueToTree(FunctionRef.java("tally")));
    ObjectNode input = spec.putObject("input").put("subJobs", subJobs).put("run", run);
    if (changed != null) {
      input.put("changed", changed).put("every", CHANGED_EVERY);
    }
    spec.put("maxParallel", window);
    spec.put("resume", resume);
    return spec;
  }
}
