package dev.fanout.app.temporal;

import com.github.dockerjava.api.DockerClient;
import dev.fanout.cache.FunctionIdentity;
import dev.fanout.executor.Executor;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.InvocationMetrics;
import dev.fanout.executor.docker.DockerExecutor;
import dev.fanout.executor.docker.ImageIdentity;
import dev.fanout.executor.java.HandlerIdentity;
import dev.fanout.executor.java.JavaExecutor;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.lambda.LambdaIdentity;
import dev.fanout.executor.process.ProcessExecutor;
import dev.fanout.executor.process.ProgramIdentity;
import dev.fanout.executor.slurm.BatchIdentity;
import dev.fanout.executor.slurm.SlurmExecutor;
import dev.fanout.job.ExecutorKind;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How each executor's pool is built from the worker's settings: beside its {@link ExecutorKind},
 * the one registration a new executor adds, with how it says what a function runs (its identity in
 * the results cache). The switch has no default, so the compiler asks for it.
 */
final class ExecutorPools {

  private ExecutorPools() {}

  /** A pool's executor and how it says what a function runs, for the results cache. */
  record Pool(Executor executor, FunctionIdentity identity) {}

  /** The executor behind {@code kind}'s pool; the caller closes it if it is closeable. */
  static Pool open(ExecutorKind kind, FanoutWorkers.Config config, InvocationInput input) {
    FanoutWorkers.Executors settings = config.executors();
    return switch (kind) {
      case JAVA ->
          new Pool(
              new JavaExecutor(input, config.handlers()), new HandlerIdentity(config.handlers()));
      case PROCESS ->
          new Pool(
              new ProcessExecutor(settings.workRoot(), settings.processSlots(), input),
              ProgramIdentity.forProcess());
      case DOCKER -> {
        DockerClient docker = DockerExecutor.client(settings.dockerHost());
        yield new Pool(
            new DockerExecutor(docker, settings.workRoot(), input), new ImageIdentity(docker));
      }
      case LAMBDA -> {
        LambdaExecutor lambda =
            new LambdaExecutor(
                () ->
                    LambdaExecutor.client(
                        settings.lambdaEndpoint(),
                        Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")),
                        DefaultCredentialsProvider.builder().build(),
                        settings.lambdaLimits()),
                config.blobs(),
                settings.lambdaLimits(),
                metrics(config, kind));
        yield new Pool(lambda, new LambdaIdentity(lambda));
      }
      case SLURM ->
          new Pool(
              new SlurmExecutor(settings.workRoot(), settings.slurm(), input, settings.usage()),
              new BatchIdentity());
    };
  }

  static InvocationMetrics metrics(FanoutWorkers.Config config, ExecutorKind kind) {
    return new InvocationMetrics(config.metrics(), kind.id());
  }
}
