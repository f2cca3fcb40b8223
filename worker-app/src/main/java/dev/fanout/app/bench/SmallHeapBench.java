package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Big jobs in a small heap, as a worker pod is given: a {@code fanout dev} server in its own JVM
 * (which keeps every history in memory, as a cluster's database would) and one worker JVM serving
 * the workflows and java pools under {@code -Xmx512m}, a new one for each job. A job of 100,000
 * no-ops is the baseline for one of {@code subJobs}; each row says how much heap the worker held
 * after its garbage collections, whether it ever needed a full one, the longest run's history and
 * what the reducer counted, having read every result streamed.
 */
public final class SmallHeapBench {

  public static final String HEAP = "-Xmx512m";
  private static final int WINDOW = 200;
  private static final int BASELINE = 100_000;
  private static final Pattern AFTER_GC = Pattern.compile("->(\\d+)M\\(");

  private SmallHeapBench() {}

  public static List<BenchRow> rows(Path dir, int subJobs) throws Exception {
    Files.createDirectories(dir);
    try (BenchProcess dev =
        BenchProcess.start(
            List.of("-Xmx12g"),
            List.of("dev", "--port", "0", "--queues", "none", "--home", dir.toString()),
            "Temporal dev server on ")) {
      Matcher address = Pattern.compile("on (127\\.0\\.0\\.1:\\d+)").matcher(dev.firstLine());
      if (!address.find()) {
        throw new IOException("no address in: " + dev.firstLine());
      }
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address.group(1)).build());
      try (TemporalSession session = TemporalSession.connect(stubs, "default", address.group(1))) {
        BenchRow baseline = job(session, dir, address.group(1), BASELINE, null);
        return List.of(baseline, job(session, dir, address.group(1), subJobs, baseline));
      }
    }
  }

  private static BenchRow job(
      TemporalSession session, Path dir, String address, int n, BenchRow baseline)
      throws Exception {
    Path gcLog = dir.resolve("worker-gc-" + n + ".log");
    try (BenchProcess worker =
        BenchProcess.start(
            List.of(HEAP, "-Xlog:gc:file=" + gcLog),
            List.of(
                "worker",
                "--temporal",
                address,
                "--queues",
                "workflows,java",
                "--home",
                dir.toString()),
            "serving ")) {
      JobService jobs = session.jobs();
      ObjectNode spec = Json.MAPPER.createObjectNode().put("owner", "bench");
      spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
      spec.set("task", Json.MAPPER.valueToTree(FunctionRef.java("noop")));
      spec.set("reducer", Json.MAPPER.valueToTree(FunctionRef.java("tally")));
      spec.putObject("input").put("subJobs", n).putObject("params");
      spec.put("maxParallel", WINDOW);
      spec.putObject("retry").put("maxAttempts", 1);
      long start = System.nanoTime();
      String id = jobs.submit(spec, null);
      JobResult result = jobs.result(id).join();
      double seconds = BenchEngine.secondsSince(start);
      String note =
          String.format(
              "worker %s: heap after GC ≤ %d MB, %s; reducer counted %d succeeded; %s",
              HEAP,
              maxAfterGc(gcLog),
              Files.readString(gcLog).contains("Pause Full") ? "full GCs" : "no full GC",
              result.output().path("SUCCEEDED").asInt(),
              BenchEngine.largestRun(session.client(), jobs, id));
      String what = String.format("fanout, %,d no-ops in a small heap", n);
      return (baseline == null
              ? BenchRow.baseline(what, n, WINDOW, seconds)
              : BenchRow.against(baseline, what, n, WINDOW, seconds))
          .withNote(note);
    }
  }

  /** The most the heap held right after any of the worker's collections, in MB. */
  static long maxAfterGc(Path gcLog) throws IOException {
    long most = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = AFTER_GC.matcher(line);
      if (m.find()) {
        most = Math.max(most, Long.parseLong(m.group(1)));
      }
    }
    return most;
  }
}
