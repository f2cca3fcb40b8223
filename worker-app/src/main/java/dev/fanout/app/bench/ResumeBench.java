package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.StateCounts;
import java.util.List;
import java.util.UUID;

/**
 * The results cache: a job of distinct no-op sub-jobs, with the cache on and off (what keying and
 * keeping cost a first run), then the job resumed (nothing to run), then resumed with 1% of its
 * params changed (those run, the rest are reused). Each re-run's time is shown as a share of the
 * first run's: the goals are 0.2 and 0.25.
 */
public final class ResumeBench {

  /** One in this many sub-jobs changes in the last row: 1%. */
  static final int CHANGED_EVERY = 100;

  /** First runs of each kind (cache off, cache on), taken in turns. */
  private static final int FIRST_RUNS = 2;

  private ResumeBench() {}

  public static List<BenchRow> rows(BenchEngine engine, int subJobs, int window) {
    // First runs with the cache off and on, in turns, best of each: the later of two runs of the
    // same job is the warmer, which alone would make either look cheaper. Each has a run id of its
    // own, so no earlier run's entries are reused; the last one is then resumed.
    double off = Double.MAX_VALUE;
    double on = Double.MAX_VALUE;
    String run = null;
    for (int turn = 0; turn < FIRST_RUNS; turn++) {
      ObjectNode uncached = spec(subJobs, window, UUID.randomUUID().toString(), false, null);
      uncached.putObject("cache").put("mode", "off");
      off = Math.min(off, engine.run(uncached).seconds());
      run = UUID.randomUUID().toString();
      on = Math.min(on, engine.run(spec(subJobs, window, run, false, null)).seconds());
    }
    BenchRow baseline = BenchRow.baseline("fanout, java no-op, first run", subJobs, window, on);
    BenchEngine.Run resumed = engine.run(spec(subJobs, window, run, true, null));
    BenchEngine.Run changed = engine.run(spec(subJobs, window, run, true, "changed"));
    return List.of(
        baseline,
        BenchRow.against(baseline, "the same, cache off", subJobs, window, off)
            .withNote(
                String.format(
                    "what the cache costs a first run: %.2f of its time is the cache's",
                    1 - off / on)),
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
