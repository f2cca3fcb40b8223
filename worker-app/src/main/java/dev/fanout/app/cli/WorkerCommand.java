package dev.fanout.app.cli;

import ch.qos.logback.classic.Level;
import com.uber.m3.tally.NoopScope;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.metrics.MetricsEndpoint;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "worker",
    description = "Serve pools of workers against a Temporal server, until stopped.")
public class WorkerCommand extends BaseCommand {

  @Mixin PoolOptions poolOptions;
  @Mixin ConnectionOptions connection;
  @Mixin WorkerOptions workerOptions;

  @Override
  protected Level quietLevel() {
    return Level.INFO;
  }

  @Override
  protected int doCall() throws Exception {
    Set<String> pools = poolOptions.pools();
    CountDownLatch stopped = new CountDownLatch(1);
    try (MetricsEndpoint metrics = workerOptions.metrics();
        TemporalSession session =
            connection.connect(metrics == null ? new NoopScope() : metrics.temporalScope())) {
      session.serve(workerOptions.config(pools, global, metrics));
      if (metrics != null) {
        metrics.readyWhen(session::polling);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      out().println("serving " + pools + " on " + session.address() + "; Ctrl-C stops.");
      out().flush();
      stopped.await();
    }
    return EXIT_OK;
  }
}
