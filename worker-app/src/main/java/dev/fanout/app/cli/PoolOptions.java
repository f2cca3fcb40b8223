package dev.fanout.app.cli;

import dev.fanout.app.temporal.FanoutWorkers;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** Which worker pools a process serves. */
public class PoolOptions {

  /** Serve no pool: a server alone, for workers in other processes. */
  static final String NONE = "none";

  @Option(
      names = "--queues",
      split = ",",
      paramLabel = "POOL",
      defaultValue = "workflows,java,process,docker,lambda,slurm",
      description =
          "Which pools to serve: workflows, java, process, docker, lambda, slurm, or none."
              + " Default: ${DEFAULT-VALUE}.")
  List<String> queues;

  Set<String> pools() {
    if (queues.equals(List.of(NONE))) {
      return Set.of();
    }
    Set<String> pools = new LinkedHashSet<>(queues);
    for (String pool : pools) {
      if (!FanoutWorkers.POOLS.contains(pool)) {
        throw new UserInputException(
            "--queues: unknown pool '"
                + pool
                + "'; expected some of "
                + new TreeSet<>(FanoutWorkers.POOLS)
                + ", or "
                + NONE);
      }
    }
    return pools;
  }
}
