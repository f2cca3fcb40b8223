package dev.fanout.app.cli;

import ch.qos.logback.classic.Level;
import com.uber.m3.tally.NoopScope;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.metrics.MetricsEndpoint;
import dev.fanout.app.temporal.FanoutWorkers;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "worker",
    description = "Serve pools of workers against a Temporal server, until stopped.")
public class WorkerCommand extends BaseCommand {

  @Option(
      names = "--queues",
      split = ",",
      defaultValue = "workflows,java,process,docker,lambda,slurm",
      description =
          "Which pools to serve: workflows, java, process, docker, lambda, slurm. Default:"
              + " ${DEFAULT-VALUE}.")
  List<String> queues;

  @Mixin ConnectionOptions connection;
  @Mixin WorkerOptions workerOptions;

  @Override
  protected Level quietLevel() {
    return Level.INFO;
  }

  @Override
  protected int doCall() throws Exception {
    Set<String> pools = new LinkedHashSet<>(queues);
    for (String pool : pools) {
      if (!FanoutWorkers.POOLS.contains(pool)) {
        throw new UserInputException(
            "--queues: unknown pool '"
                + pool
                + "'; expected some of "
                + new java.util.TreeSet<>(FanoutWorkers.POOLS));
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (MetricsEndpoint metrics = workerOptions.metrics();
        TemporalSession session =
            connection.connect(metrics == null ? new NoopScope() : metrics.temporalScope())) {
      session.serve(workerOptions.config(pools, global, metrics));
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      out().println("serving " + pools + " on " + session.address() + "; Ctrl-C stops.");
      out().flush();
      stopped.await();
    }
    return EXIT_OK;
  }
}
