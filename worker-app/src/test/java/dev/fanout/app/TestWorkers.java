package dev.fanout.app;

import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.job.ExecutorKind;
import dev.fanout.logs.LogStore;
import dev.fanout.usage.UsageLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The worker configuration tests serve: logs, blobs and work directories under one home. */
public final class TestWorkers {

  private TestWorkers() {}

  /** The workflows and Java pools with the handlers on the classpath. */
  public static FanoutWorkers.Config java(Path home) {
    return java(home, Handlers.discover(), new SimpleMeterRegistry());
  }

  /** The workflows and Java pools with these handlers, reporting to {@code metrics}. */
  public static FanoutWorkers.Config java(
      Path home, Map<String, JavaHandler> handlers, MeterRegistry metrics) {
    return config(
        home, Set.of(FanoutWorkers.WORKFLOWS, ExecutorKind.JAVA.id()), handlers, metrics, null);
  }

  /** The workflows, Java and Docker pools, the last on the engine at FANOUT_DOCKER_HOST. */
  public static FanoutWorkers.Config docker(Path home) {
    return config(
        home,
        Set.of(FanoutWorkers.WORKFLOWS, ExecutorKind.JAVA.id(), ExecutorKind.DOCKER.id()),
        Handlers.discover(),
        new SimpleMeterRegistry(),
        System.getenv("FANOUT_DOCKER_HOST"));
  }

  private static FanoutWorkers.Config config(
      Path home,
      Set<String> pools,
      Map<String, JavaHandler> handlers,
      MeterRegistry metrics,
      String dockerHost) {
    return new FanoutWorkers.Config(
        pools,
        new LogStore(home.resolve("logs")),
        new FileBlobStore(home.resolve("blobs")),
        handlers,
        100,
        new FanoutWorkers.Executors(
            home.resolve("work"),
            1,
            dockerHost,
            null,
            LambdaExecutor.Limits.DEFAULT,
            FanoutWorkers.DEFAULT_ACTIVITY_SLOTS,
            SlurmSettings.DEFAULT,
            new UsageLog(home.resolve("usage"))),
        metrics);
  }
}
