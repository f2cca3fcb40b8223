package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.jobdata.ResultManifest;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import dev.fanout.workflow.page.JobPageWorkflow;
import dev.fanout.workflow.page.PageRef;
import dev.fanout.workflow.page.PageStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sub-jobs that sleep: how much of the window's capacity ({@code maxParallel} × makespan) the
 * sub-jobs really used, from the results manifest's start and end of each; and, from the middle
 * page's history, where the rest of a slot's time went ({@link SlotTurnaround}).
 */
public final class UtilisationBench {

  private static final int WINDOW = 50;

  private UtilisationBench() {}

  public static List<BenchRow> rows(BenchEngine engine, int subJobs, int busyMillis)
      throws Exception {
    ObjectNode params = Json.MAPPER.createObjectNode().put("millis", busyMillis);
    BenchEngine.Run run = engine.runJob(FunctionRef.java("sleep"), subJobs, WINDOW, params);
    List<PageStatus> pages =
        engine.client().newWorkflowStub(ParallelJobWorkflow.class, run.jobId()).pages();
    PageRef middle = pages.get(pages.size() / 2).page();
    Map<Integer, SubJobResult> middleResults = new HashMap<>();
    double busy = 0;
    try (ResultManifest.Results results =
        ResultManifest.read(engine.blobs(), run.result().results())) {
      for (SubJobResult r : results) {
        busy += Duration.between(r.startedAt(), r.endedAt()).toNanos() / 1e9;
        if (r.index() >= middle.firstIndex() && r.index() < middle.firstIndex() + middle.count()) {
          middleResults.put(r.index(), r);
        }
      }
    }
    SlotTurnaround turnaround =
        SlotTurnaround.of(
            engine
                .client()
                .fetchHistory(JobPageWorkflow.id(run.jobId(), middle.page()))
                .getEvents(),
            middleResults);
    BenchRow ideal =
        BenchRow.baseline(
            "ideal: n × " + busyMillis + " ms / maxParallel",
            subJobs,
            WINDOW,
            subJobs * busyMillis / 1000.0 / WINDOW);
    return List.of(
        ideal,
        BenchRow.against(
                ideal, "fanout, " + busyMillis + " ms sleep", subJobs, WINDOW, run.seconds())
            .withNote(
                String.format(
                    "slot utilisation %.3f; %s",
                    busy / (WINDOW * run.seconds()), turnaround.describe())));
  }
}
