package dev.fanout.app.bench;

import dev.fanout.job.FunctionRef;
import java.util.List;

/** One large job: how long, how much heap, and the longest history of any of its runs. */
public final class LargeJobBench {

  private LargeJobBench() {}

  public static List<BenchRow> rows(BenchEngine engine, int subJobs, int window) throws Exception {
    BenchRow pool =
        ThroughputBench.threadPoolRow(
            window, subJobs, ThroughputBench.threadPool(engine.handler("noop"), window, subJobs));
    HeapPeak heap = new HeapPeak();
    heap.reset();
    BenchEngine.Run run = engine.runJob(FunctionRef.java("noop"), subJobs, window, null);
    long peak = heap.bytes();
    return List.of(
        pool,
        BenchRow.against(pool, "fanout, java no-op", subJobs, window, run.seconds())
            .withNote(
                String.format(
                    "peak heap ≤ %d MB; %s",
                    peak / (1024 * 1024), engine.largestRun(run.jobId()))));
  }
}
