package dev.fanout.app.cli;

import dev.fanout.app.bench.BenchEngine;
import dev.fanout.app.bench.BenchTable;
import dev.fanout.app.bench.ContainerBench;
import dev.fanout.app.bench.FairShareBench;
import dev.fanout.app.bench.LambdaBench;
import dev.fanout.app.bench.LargeJobBench;
import dev.fanout.app.bench.NaiveBench;
import dev.fanout.app.bench.ResumeBench;
import dev.fanout.app.bench.ScaleOutBench;
import dev.fanout.app.bench.ScienceBench;
import dev.fanout.app.bench.SlurmBench;
import dev.fanout.app.bench.SmallHeapBench;
import dev.fanout.app.bench.ThroughputBench;
import dev.fanout.app.bench.UtilisationBench;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.job.ExecutorKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures Fanout against the limit of the same work done without it, in one run, and prints a
 * table. Figures are ratios to that baseline because the machines are shared and noisy.
 */
@Command(
    name = "bench",
    description =
        "Measure Fanout (embedded server, in-process workers) against the same work without it,"
            + " in the same run: no-op sub-jobs against a plain thread pool, and with"
            + " --docker-host, no-op containers against the engine's own"
            + " create+start+wait+remove, and with --lambda-endpoint, Lambda invocations"
            + " against the endpoint driven directly. With --science, instead: the science"
            + " examples at full size, by Fanout and one invocation after another.")
public class BenchCommand extends BaseCommand {

  @Option(
      names = "--science",
      arity = "0..*",
      split = ",",
      paramLabel = "EXAMPLE",
      description =
          "Only the science examples (assembly, rnaseq, contig-search, fba under --examples;"
              + " all unless some are named) at full size: each job by Fanout's process pool,"
              + " whose slots fill this machine, and the same invocations one after another; the"
              + " results must be identical.")
  List<String> science;

  @Option(
      names = "--examples",
      defaultValue = "examples",
      description = "The repository's examples directory. Default: ${DEFAULT-VALUE}.")
  Path examples;

  @Option(names = "--sub-jobs", defaultValue = "10000", description = "Default: ${DEFAULT-VALUE}.")
  int subJobs;

  @Option(
      names = "--max-parallel",
      split = ",",
      defaultValue = "20,200",
      description = "Windows to measure, comma-separated. Default: ${DEFAULT-VALUE}.")
  List<Integer> windows;

  @Option(
      names = "--repeat",
      defaultValue = "2",
      description = "Runs per throughput row; the best is shown. Default: ${DEFAULT-VALUE}.")
  int repeat;

  @Option(
      names = "--naive-sub-jobs",
      defaultValue = "2000",
      description =
          "Sub-jobs for the naive one-run design, at most what fits in one run (0 skips)."
              + " Default: ${DEFAULT-VALUE}.")
  int naiveSubJobs;

  @Option(
      names = "--busy-ms",
      defaultValue = "50",
      description =
          "Slot utilisation row: --sub-jobs sub-jobs sleeping this long at maxParallel 50 (0"
              + " skips). Default: ${DEFAULT-VALUE}.")
  int busyMillis;

  @Option(
      names = "--large",
      defaultValue = "100000",
      description =
          "No-op sub-jobs in the large-job row: wall time, peak heap, largest run (0 skips)."
              + " Default: ${DEFAULT-VALUE}.")
  int largeSubJobs;

  @Option(
      names = "--resume-sub-jobs",
      defaultValue = "10000",
      description =
          "Distinct no-op sub-jobs in the results cache rows, run, re-run with resume, and re-run"
              + " with 1% of params changed, at the widest window (0 skips). Default:"
              + " ${DEFAULT-VALUE}.")
  int resumeSubJobs;

  @Option(
      names = "--small-heap",
      defaultValue = "1000000",
      description =
          "No-op sub-jobs in one job run by a worker under "
              + SmallHeapBench.HEAP
              + " against a dev server in its own process, against 100,000 the same way (0"
              + " skips). Default: ${DEFAULT-VALUE}.")
  int smallHeapSubJobs;

  @Option(
      names = "--scale-out",
      defaultValue = "400",
      description =
          "Sub-jobs of 250 ms for the scale-out rows, run by 1 then 2 worker processes of 10"
              + " slots each against a standalone dev server (0 skips). Default: ${DEFAULT-VALUE}.")
  int scaleOutSubJobs;

  @Option(
      names = "--fair-share",
      defaultValue = "200",
      description =
          "Sub-jobs of each of two owners' jobs on the process pool at once, 1:1 then 2:1 by"
              + " weight: how the slot-time split over the first half of the makespan (0 skips)."
              + " Default: ${DEFAULT-VALUE}.")
  int fairShareSubJobs;

  @Option(
      names = "--fair-share-ms",
      defaultValue = "100",
      description = "How long each fair-share sub-job sleeps. Default: ${DEFAULT-VALUE}.")
  int fairShareMillis;

  @Option(
      names = "--docker-host",
      paramLabel = "URL",
      description = "Also measure container sub-jobs on this engine.")
  String dockerHost;

  @Option(
      names = "--docker-image",
      defaultValue = "fanout-test/busybox:1",
      description = "A local image with sh, for the container rows. Default: ${DEFAULT-VALUE}.")
  String dockerImage;

  @Option(names = "--containers", defaultValue = "20", description = "Default: ${DEFAULT-VALUE}.")
  int containers;

  @Option(
      names = "--lambda-endpoint",
      paramLabel = "URL",
      description =
          "Also measure Lambda sub-jobs (function fanout-echo) against the endpoint driven"
              + " directly.")
  URI lambdaEndpoint;

  @Option(
      names = "--slurm-partition",
      paramLabel = "NAME",
      description =
          "Also measure Slurm sub-jobs on this partition: one sbatch each against job arrays.")
  String slurmPartition;

  @Option(
      names = "--slurm-sub-jobs",
      defaultValue = "1000",
      description = "Default: ${DEFAULT-VALUE}.")
  int slurmSubJobs;

  @Option(
      names = "--invocations",
      defaultValue = "1000",
      description = "Default: ${DEFAULT-VALUE}.")
  int invocations;

  @Option(
      names = "--lambda-concurrency",
      defaultValue = "100",
      description = "Default: ${DEFAULT-VALUE}.")
  int lambdaConcurrency;

  @Override
  protected int doCall() throws Exception {
    if (science != null && !Files.isRegularFile(examples.resolve("science/map.py"))) {
      throw new UserInputException(
          "--examples: "
              + examples
              + " is not the repository's examples directory (no science/map.py); run from the"
              + " repository root or name it");
    }
    Path scratch = Files.createTempDirectory("fanout-bench");
    Set<String> pools = new HashSet<>(Set.of(FanoutWorkers.WORKFLOWS, ExecutorKind.JAVA.id()));
    if (dockerHost != null) {
      pools.add(ExecutorKind.DOCKER.id());
    }
    if (lambdaEndpoint != null) {
      pools.add(ExecutorKind.LAMBDA.id());
    }
    if (science != null || fairShareSubJobs > 0) {
      pools.add(ExecutorKind.PROCESS.id());
    }
    BenchTable table = new BenchTable(err());
    int widest = windows.get(windows.size() - 1);
    try (BenchEngine engine =
        BenchEngine.start(
            EmbeddedTemporal.inProcess(),
            scratch,
            pools,
            dockerHost,
            lambdaEndpoint,
            LambdaBench.limits(lambdaConcurrency),
            repeat)) {
      if (science != null) {
        return science(
            new ScienceBench(
                examples,
                scratch,
                engine.jobs(),
                engine.logs(),
                Runtime.getRuntime().availableProcessors(),
                repeat));
      }
      table.add(ThroughputBench.rows(engine, subJobs, windows));
      if (naiveSubJobs > 0) {
        table.add(NaiveBench.rows(engine, naiveSubJobs, widest));
      }
      if (busyMillis > 0) {
        table.add(UtilisationBench.rows(engine, subJobs, busyMillis));
      }
      if (largeSubJobs > 0) {
        table.add(LargeJobBench.rows(engine, largeSubJobs, widest));
      }
      if (resumeSubJobs > 0) {
        table.add(ResumeBench.rows(engine, resumeSubJobs, widest));
      }
      if (fairShareSubJobs > 0) {
        table.add(FairShareBench.rows(engine, fairShareSubJobs, fairShareMillis));
      }
      if (dockerHost != null) {
        table.add(ContainerBench.rows(engine, scratch, dockerHost, dockerImage, containers));
      }
      if (lambdaEndpoint != null) {
        table.add(LambdaBench.rows(engine, lambdaEndpoint, invocations, lambdaConcurrency));
      }
    }
    if (slurmPartition != null) {
      table.add(SlurmBench.rows(scratch, slurmPartition, slurmSubJobs));
    }
    if (smallHeapSubJobs > 0) {
      table.add(SmallHeapBench.rows(scratch.resolve("small-heap"), smallHeapSubJobs));
    }
    if (scaleOutSubJobs > 0) {
      table.add(ScaleOutBench.rows(scratch.resolve("scale-out"), scaleOutSubJobs));
    }
    out().print(TextTable.render(BenchTable.COLUMNS, table.cells()));
    out()
        .printf(
            "best of %d; %d cores, Java %s%n",
            repeat, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    out().flush();
    return EXIT_OK;
  }

  private int science(ScienceBench bench) throws Exception {
    List<ScienceBench.Row> rows =
        bench.run(
            science,
            row -> {
              err().println("measured: " + row);
              err().flush();
            });
    List<List<String>> cells = new ArrayList<>();
    for (ScienceBench.Row row : rows) {
      cells.add(
          List.of(
              row.story(),
              String.valueOf(row.subJobs()),
              row.cpus() + " x " + row.window(),
              String.format("%.1f", row.sequential()),
              String.format("%.1f", row.fanout()),
              String.format("%.2fx", row.sequential() / row.fanout()),
              String.format("%.2f / %.2f", row.sequentialCores(), row.fanoutCores()),
              String.format("%.2f", row.overhead()),
              row.identical() ? "yes" : "NO"));
    }
    out()
        .print(
            TextTable.render(
                List.of(
                    "story",
                    "sub-jobs",
                    "cpus x window",
                    "sequential s",
                    "fanout s",
                    "speed-up",
                    "cores used (seq / fanout)",
                    "overhead s per sub-job",
                    "identical"),
                cells));
    out()
        .printf(
            "fastest of %d each way; %d cores, process slots %d; Java %s%n",
            repeat,
            Runtime.getRuntime().availableProcessors(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"));
    out().flush();
    return rows.stream().allMatch(ScienceBench.Row::identical) ? EXIT_OK : EXIT_JOB_FAILED;
  }
}
