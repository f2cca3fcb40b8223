package dev.fanout.app.cli;

import dev.fanout.app.temporal.FanoutWorkers;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** Which worker pools a process serves. */
public class PoolOptions {

  /** Serve no pool: a server alone, for workers in other processes. */
  static final String NONE = "none";

  /** The pools' names for the help, as {@link FanoutWorkers#POOLS} has them. */
  static final class PoolNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return FanoutWorkers.POOLS.iterator();
    }
  }

  @Option(
      names = "--queues",
      split = ",",
      paramLabel = "POOL",
      completionCandidates = PoolNames.class,
      description =
          "Which pools to serve: some of ${COMPLETION-CANDIDATES}, or none. Default: all of"
              + " them.")
  List<String> queues;

  Set<String> pools() {
    if (queues == null) {
      return FanoutWorkers.POOLS;
    }
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
