package dev.fanout.app.bench;

import dev.fanout.app.JobService;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobResult;
import dev.fanout.job.SpecDocument;
import dev.fanout.workflow.Role;
import dev.fanout.workflow.owner.Admission;
import dev.fanout.workflow.owner.OwnerLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two owners' jobs on the process pool at once, each through its owner's ledger: Ann's submitted
 * first with a window of 40, Ben's after with 12, equal in size, sub-jobs that sleep. How the
 * pool's slot-time split between them over the first half of the makespan, when both had sub-jobs
 * waiting, by the times the commands started and exited in their logs: with equal weights, then
 * with Ann's weight 2. Each split is from one run of the pair.
 */
public final class FairShareBench {

  private static final int ANN_WINDOW = 40;
  private static final int BEN_WINDOW = 12;

  private FairShareBench() {}

  public static List<BenchRow> rows(BenchEngine engine, int subJobs, int sleepMillis) {
    int slots = BenchEngine.processSlots();
    BenchRow ideal =
        BenchRow.baseline(
            "ideal: 2n × " + sleepMillis + " ms / " + slots + " slots",
            2 * subJobs,
            slots,
            2 * subJobs * sleepMillis / 1000.0 / slots);
    List<BenchRow> rows = new ArrayList<>(List.of(ideal));
    for (Map<String, Integer> weights : List.of(Map.<String, Integer>of(), Map.of("ann", 2))) {
      long start = System.nanoTime();
      SlotSplit split = run(engine, subJobs, sleepMillis, weights);
      rows.add(
          BenchRow.against(
                  ideal,
                  "fanout, two owners "
                      + (weights.isEmpty() ? "1:1" : "2:1")
                      + ", "
                      + sleepMillis
                      + " ms sleep",
                  2 * subJobs,
                  slots,
                  BenchEngine.secondsSince(start))
              .withNote(split.describe("ann", "ben")));
    }
    return rows;
  }

  private static SlotSplit run(
      BenchEngine engine, int subJobs, int sleepMillis, Map<String, Integer> weights) {
    JobService jobs = engine.jobs();
    OwnerLimits limits = new OwnerLimits(10, 10_000, weights);
    FunctionRef sleep =
        FunctionRef.command(
            "process",
            List.of("sh", "-c", "sleep " + sleepMillis / 1000.0 + " && echo '{}' > output.json"));
    Admission ann =
        jobs.submitWithin(
            SpecDocument.of(BenchEngine.spec("ann", sleep, subJobs, ANN_WINDOW, null)), limits);
    Admission ben =
        jobs.submitWithin(
            SpecDocument.of(BenchEngine.spec("ben", sleep, subJobs, BEN_WINDOW, null)), limits);
    return SlotSplit.firstHalf(spans(engine, ann), spans(engine, ben));
  }

  private static List<SlotSplit.Span> spans(BenchEngine engine, Admission admission) {
    if (!admission.admitted()) {
      throw new IllegalStateException(admission.jobId() + " refused: " + admission.limit());
    }
    JobResult result = engine.jobs().result(admission.jobId()).join();
    List<SlotSplit.Span> spans = new ArrayList<>();
    for (int i = 0; i < result.counts().total(); i++) {
      spans.add(ProcessTimes.span(engine.logs(), admission.jobId(), Role.TASK, i));
    }
    return spans;
  }
}
