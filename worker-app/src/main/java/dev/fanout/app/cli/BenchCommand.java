package dev.fanout.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.Handlers;
import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.logs.LogStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures Fanout against the limit of the same work in a plain thread pool, in one run, and prints
 * a table. Figures are ratios to the baseline because the machines are shared and noisy.
 */
@Command(
    name = "bench",
    description =
        "Measure no-op sub-jobs/s through Fanout (embedded server, in-process workers) against a"
            + " plain Java thread pool doing the same no-op work, in the same run.")
public class BenchCommand extends BaseCommand {

  @Option(names = "--sub-jobs", defaultValue = "2000", description = "Default: ${DEFAULT-VALUE}.")
  int subJobs;

  @Option(
      names = "--max-parallel",
      split = ",",
      defaultValue = "50",
      description = "Windows to measure, comma-separated. Default: ${DEFAULT-VALUE}.")
  List<Integer> windows;

  @Option(names = "--repeat", defaultValue = "3", description = "Runs per row; the best is shown.")
  int repeat;

  record Row(String what, int maxParallel, double seconds, double perSecond) {}

  @Override
  protected int doCall() throws Exception {
    Map<String, JavaHandler> handlers = Handlers.discover();
    LogStore logs = new LogStore(Files.createTempDirectory("fanout-bench"));
    List<Row> rows = new ArrayList<>();
    try (TemporalSession session =
        TemporalSession.embedded(EmbeddedTemporal.inProcess(), "default")) {
      session.serve(
          new FanoutWorkers.Config(
              FanoutWorkers.POOLS, logs, handlers, Integer.MAX_VALUE, logs.root(), 2));
      JobService jobs = session.jobs();
      runJob(jobs, Math.min(subJobs, 200), windows.get(0)); // JIT and connection warm-up
      for (int window : windows) {
        double pool = best(() -> threadPool(handlers.get("noop"), window));
        double fanout = best(() -> runJob(jobs, subJobs, window));
        rows.add(new Row("thread pool (limit)", window, pool, subJobs / pool));
        rows.add(new Row("fanout", window, fanout, subJobs / fanout));
      }
    }
    print(rows);
    return EXIT_OK;
  }

  private void print(List<Row> rows) {
    List<List<String>> cells = new ArrayList<>();
    for (Row row : rows) {
      Row limit =
          rows.stream()
              .filter(r -> r.maxParallel() == row.maxParallel() && r.what().startsWith("thread"))
              .findFirst()
              .orElseThrow();
      cells.add(
          List.of(
              row.what(),
              String.valueOf(subJobs),
              String.valueOf(row.maxParallel()),
              String.format("%.3f", row.seconds()),
              String.format("%.0f", row.perSecond()),
              String.format("%.4f", row.perSecond() / limit.perSecond())));
    }
    out()
        .print(
            TextTable.render(
                List.of(
                    "what", "sub-jobs", "maxParallel", "wall s", "sub-jobs/s", "ratio to limit"),
                cells));
    out()
        .printf(
            "best of %d; %d cores, Java %s%n",
            repeat, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    out().flush();
  }

  private interface Measured {
    double seconds() throws Exception;
  }

  private double best(Measured measured) throws Exception {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeat; i++) {
      best = Math.min(best, measured.seconds());
    }
    return best;
  }

  private double runJob(JobService jobs, int n, int window) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("owner", "bench");
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
    spec.set("task", Json.MAPPER.valueToTree(FunctionRef.java("noop")));
    spec.set("reducer", Json.MAPPER.valueToTree(FunctionRef.java("tally")));
    spec.putObject("input").put("subJobs", n).putObject("params");
    spec.put("maxParallel", window);
    long start = System.nanoTime();
    jobs.result(jobs.submit(spec, null)).join();
    return (System.nanoTime() - start) / 1e9;
  }

  private double threadPool(JavaHandler noop, int threads) throws Exception {
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
      return (System.nanoTime() - start) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }
}
