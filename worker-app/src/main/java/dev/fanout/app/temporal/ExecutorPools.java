package dev.fanout.app.temporal;

import dev.fanout.executor.Executor;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.InvocationMetrics;
import dev.fanout.executor.docker.DockerExecutor;
import dev.fanout.executor.java.JavaExecutor;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.process.ProcessExecutor;
import dev.fanout.executor.slurm.SlurmExecutor;
import dev.fanout.job.ExecutorKind;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How each executor's pool is built from the worker's settings: beside its {@link ExecutorKind},
 * the one registration a new executor adds. The switch has no default, so the compiler asks for it.
 */
final class ExecutorPools {

  private ExecutorPools() {}

  /** The executor behind {@code kind}'s pool; the caller closes it if it is closeable. */
  static Executor open(ExecutorKind kind, FanoutWorkers.Config config, InvocationInput input) {
    FanoutWorkers.Executors settings = config.executors();
    return switch (kind) {
      case JAVA -> new JavaExecutor(input, config.handlers());
      case PROCESS -> new ProcessExecutor(settings.workRoot(), settings.processSlots(), input);
      case DOCKER ->
          new DockerExecutor(
              DockerExecutor.client(settings.dockerHost()), settings.workRoot(), input);
      case LAMBDA ->
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
      case SLURM ->
          new SlurmExecutor(settings.workRoot(), settings.slurm(), input, settings.usage());
    };
  }

  static InvocationMetrics metrics(FanoutWorkers.Config config, ExecutorKind kind) {
    return new InvocationMetrics(config.metrics(), kind.id());
  }
}
