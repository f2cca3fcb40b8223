package dev.fanout.app.cli;

import dev.fanout.app.Handlers;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.workflow.ParallelJobWorkflowImpl;
import java.util.Set;
import picocli.CommandLine.Option;

/** How the workers this process runs are configured. */
public class WorkerOptions {

  @Option(
      names = "--max-parallel-ceiling",
      paramLabel = "N",
      defaultValue =
          "${env:FANOUT_MAX_PARALLEL_CEILING:-"
              + ParallelJobWorkflowImpl.DEFAULT_MAX_PARALLEL_CEILING
              + "}",
      description =
          "No job gets a wider window than this, whatever its maxParallel. Default:"
              + " ${DEFAULT-VALUE}.")
  int maxParallelCeiling;

  @Option(
      names = "--process-slots",
      paramLabel = "N",
      description =
          "How many cpus' worth of process sub-jobs this worker runs at once. Default: the"
              + " number of cores.")
  int processSlots = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--docker-host",
      paramLabel = "URL",
      defaultValue = "${env:DOCKER_HOST:-unix:///var/run/docker.sock}",
      description = "The Docker engine of the docker pool. Default: ${DEFAULT-VALUE}.")
  String dockerHost;

  FanoutWorkers.Config config(Set<String> pools, GlobalOptions global) {
    return new FanoutWorkers.Config(
        pools,
        global.logStore(),
        Handlers.discover(),
        maxParallelCeiling,
        global.home.resolve("work"),
        processSlots,
        dockerHost);
  }
}
