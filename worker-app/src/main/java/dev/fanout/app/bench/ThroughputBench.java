package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** No-op sub-jobs through Fanout against a plain thread pool of the window's size, per window. */
public final class ThroughputBench {

  private ThroughputBench() {}

  public static List<BenchRow> rows(BenchEngine engine, int subJobs, List<Integer> windows)
      throws Exception {
    engine.runJob(
        FunctionRef.java("noop"), Math.min(subJobs, 200), windows.get(0), null); // warm-up
    JavaHandler noop = engine.handler("noop");
    List<BenchRow> rows = new ArrayList<>();
    for (int window : windows) {
      BenchRow pool =
          threadPoolRow(window, subJobs, engine.best(() -> threadPool(noop, window, subJobs)));
      rows.add(pool);
      rows.add(
          BenchRow.against(
              pool,
              "fanout, java no-op",
              subJobs,
              window,
              engine.bestRun(FunctionRef.java("noop"), subJobs, window, null).seconds()));
    }
    return rows;
  }

  /** The baseline: {@code n} no-ops on a plain pool of {@code threads} took {@code seconds}. */
  static BenchRow threadPoolRow(int threads, int n, double seconds) {
    return BenchRow.baseline("thread pool, " + threads + " threads", n, threads, seconds);
  }

  /** Seconds for {@code subJobs} calls of {@code noop} on a plain pool of {@code threads}. */
  static double threadPool(JavaHandler noop, int threads, int subJobs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      ObjectNode params = Json.MAPPER.createObjectNode();
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>(subJobs);
      for (int i = 0; i < subJobs; i++) {
        futures.add(pool.submit(() -> noop.handle(params, null)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return BenchEngine.secondsSince(start);
    } finally {
      pool.shutdownNow();
    }
  }
}
