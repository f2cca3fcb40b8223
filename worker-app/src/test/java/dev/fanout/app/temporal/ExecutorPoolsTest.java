package dev.fanout.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.Executor;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.job.ExecutorKind;
import dev.fanout.logs.LogStore;
import dev.fanout.usage.UsageLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry: every executor the spec knows has a pool, built by its own package. */
class ExecutorPoolsTest {

  @TempDir Path home;

  private FanoutWorkers.Config config() {
    return new FanoutWorkers.Config(
        FanoutWorkers.POOLS,
        new LogStore(home.resolve("logs")),
        new FileBlobStore(home.resolve("blobs")),
        Map.of(),
        10,
        new FanoutWorkers.Executors(
            home.resolve("work"),
            1,
            // Clients connect on first use: none is made here.
            "unix://" + home.resolve("no-engine.sock"),
            null,
            LambdaExecutor.Limits.DEFAULT,
            FanoutWorkers.DEFAULT_ACTIVITY_SLOTS,
            SlurmSettings.DEFAULT,
            new UsageLog(home.resolve("usage"))),
        new SimpleMeterRegistry());
  }

  @Test
  void everyExecutorKindOpensAPoolOfItsOwnPackageWithItsIdentity() throws Exception {
    FanoutWorkers.Config config = config();
    InvocationInput input = new InvocationInput(config.blobs());
    for (ExecutorKind kind : ExecutorKind.values()) {
      ExecutorPools.Pool pool = ExecutorPools.open(kind, config, input);
      Executor executor = pool.executor();
      try {
        assertThat(executor.getClass().getPackageName())
            .as(kind.id())
            .isEqualTo("dev.fanout.executor." + kind.id());
        assertThat(pool.identity().getClass().getPackageName())
            .as(kind.id() + "'s identity")
            .isEqualTo("dev.fanout.executor." + kind.id());
      } finally {
        if (executor instanceof AutoCloseable closeable) {
          closeable.close();
        }
      }
    }
  }

  @Test
  void aWorkerServesTheWorkflowsAndOnePoolPerExecutor() {
    assertThat(FanoutWorkers.POOLS)
        .containsExactly("workflows", "java", "process", "docker", "lambda", "slurm");
  }
}
