package dev.fanout.app.bench;

import dev.fanout.job.FunctionRef;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import java.util.UUID;

/**
 * The design Fanout replaces ({@link NaiveFanOut}), at the largest size it fits, against Fanout.
 */
public final class NaiveBench {

  private NaiveBench() {}

  public static List<BenchRow> rows(BenchEngine engine, int subJobs, int window) throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(engine.client());
    factory
        .newWorker(NaiveFanOut.TASK_QUEUE)
        .registerWorkflowImplementationTypes(NaiveFanOut.Impl.class);
    factory.start();
    try {
      int[] events = new int[1];
      double seconds =
          engine.best(
              () -> {
                String id = "naive-" + UUID.randomUUID();
                NaiveFanOut run =
                    engine
                        .client()
                        .newWorkflowStub(
                            NaiveFanOut.class,
                            WorkflowOptions.newBuilder()
                                .setWorkflowId(id)
                                .setTaskQueue(NaiveFanOut.TASK_QUEUE)
                                .build());
                long start = System.nanoTime();
                run.run(subJobs);
                double took = BenchEngine.secondsSince(start);
                events[0] = engine.client().fetchHistory(id).getEvents().size();
                return took;
              });
      BenchRow naive =
          BenchRow.baseline(
                  "naive: one run, all " + subJobs + " at once", subJobs, subJobs, seconds)
              .withNote(events[0] + " events in its run");
      BenchEngine.Run fanout = engine.bestRun(FunctionRef.java("noop"), subJobs, window, null);
      return List.of(
          naive,
          BenchRow.against(naive, "fanout, java no-op", subJobs, window, fanout.seconds())
              .withNote(engine.largestRun(fanout.jobId())));
    } finally {
      factory.shutdown();
    }
  }
}
