package dev.fanout.app.cli;

import ch.qos.logback.classic.Level;
import com.uber.m3.tally.NoopScope;
import dev.fanout.app.JobJournal;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.metrics.MetricsEndpoint;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.blobs.BlobStore;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "dev",
    description =
        "Run an embedded Temporal server on 127.0.0.1 (loopback only) with workers for every"
            + " pool (or those --queues names), until stopped. Other processes' workers and other"
            + " languages' Temporal clients can connect to it.")
public class DevCommand extends BaseCommand {

  @Option(names = "--port", defaultValue = "7233", description = "Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--namespace",
      defaultValue = "default",
      description = "Namespace the workers poll. Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Mixin PoolOptions poolOptions;
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
            TemporalSession.embedded(
                EmbeddedTemporal.onLoopback(
                    port, metrics == null ? new NoopScope() : metrics.temporalScope()),
                namespace)) {
      if (!pools.isEmpty()) {
        session.serve(workerOptions.config(pools, global, metrics));
      }
      if (metrics != null) {
        // Serving no pool, it is ready once it listens.
        metrics.readyWhen(pools.isEmpty() ? () -> true : session::polling);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      out()
          .println(
              "Temporal dev server on "
                  + session.address()
                  + " (namespace "
                  + namespace
                  + "), workers for "
                  + (pools.isEmpty() ? "no pool" : pools)
                  + "; logs in "
                  + global.logStore().root()
                  + ". Ctrl-C stops it.");
      out().flush();
      BlobStore blobs = workerOptions.blobOptions.open(global);
      new JobJournal(blobs).resumeUnfinished(session.jobs(blobs), out()::println);
      out().flush();
      stopped.await();
    }
    return EXIT_OK;
  }
}
