package dev.fanout.app.temporal;

import com.github.dockerjava.api.DockerClient;
import dev.fanout.blobs.BlobStore;
import dev.fanout.cache.FunctionIdentity;
import dev.fanout.executor.Executor;
import dev.fanout.executor.FunctionActivitiesImpl;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.InvocationMetrics;
import dev.fanout.executor.docker.DockerExecutor;
import dev.fanout.executor.docker.ImageIdentity;
import dev.fanout.executor.java.HandlerIdentity;
import dev.fanout.executor.java.JavaExecutor;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.lambda.LambdaIdentity;
import dev.fanout.executor.process.ProcessExecutor;
import dev.fanout.executor.process.ProgramIdentity;
import dev.fanout.executor.slurm.BatchIdentity;
import dev.fanout.executor.slurm.SlurmExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.jobdata.JobDataActivitiesImpl;
import dev.fanout.logs.LogStore;
import dev.fanout.usage.UsageLog;
import dev.fanout.workflow.JobPageGroupWorkflowImpl;
import dev.fanout.workflow.JobPageWorkflowImpl;
import dev.fanout.workflow.OwnerWorkflowImpl;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.ParallelJobWorkflow;
import dev.fanout.workflow.ParallelJobWorkflowImpl;
import dev.fanout.workflow.TaskQueues;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Wires the worker pools of one process onto their task queues; no logic beyond wiring. */
public final class FanoutWorkers implements AutoCloseable {

  /** The pools a process can serve, by the name used with {@code worker --queues}. */
  public static final String WORKFLOWS = "workflows";

  public static final String JAVA = "java";
  public static final String PROCESS = "process";
  public static final String DOCKER = "docker";
  public static final String LAMBDA = "lambda";
  public static final String SLURM = "slurm";
  public static final Set<String> POOLS = Set.of(WORKFLOWS, JAVA, PROCESS, DOCKER, LAMBDA, SLURM);

  /**
   * Activities in flight per pool and worker. Each Java invocation holds one waiting thread and one
   * handler thread, so this is also a bound on those.
   */
  public static final int DEFAULT_ACTIVITY_SLOTS = 200;

  /** Makes the worker for a task queue: a WorkerFactory's, or a test environment's. */
  @FunctionalInterface
  public interface WorkerSource {
    Worker newWorker(String taskQueue, WorkerOptions options);
  }

  /**
   * The pools' configuration.
   *
   * @param blobs where payloads and outputs too large for Temporal go
   * @param maxParallelCeiling the widest window any job gets from this worker's workflows
   * @param paging how this worker's jobs size and group their pages (tests shrink it)
   */
  public record Config(
      Set<String> pools,
      LogStore logs,
      BlobStore blobs,
      Map<String, JavaHandler> handlers,
      int maxParallelCeiling,
      Executors executors,
      MeterRegistry metrics,
      Paging.Shape paging) {

    public Config(
        Set<String> pools,
        LogStore logs,
        BlobStore blobs,
        Map<String, JavaHandler> handlers,
        int maxParallelCeiling,
        Executors executors,
        MeterRegistry metrics) {
      this(
          pools,
          logs,
          blobs,
          handlers,
          maxParallelCeiling,
          executors,
          metrics,
          Paging.Shape.DEFAULT);
    }

    public Config withPaging(Paging.Shape shape) {
      return new Config(
          pools, logs, blobs, handlers, maxParallelCeiling, executors, metrics, shape);
    }
  }

  /**
   * What the executor pools need.
   *
   * @param workRoot where process and container sub-jobs get their work directories
   * @param processSlots how many cpus' worth of processes this worker runs at once
   * @param dockerHost the docker pool's engine, such as {@code unix:///var/run/docker.sock}; it
   *     must see {@code workRoot} at the same path
   * @param lambdaEndpoint a Lambda-compatible endpoint, or null for AWS itself
   * @param lambdaLimits in-flight ceilings and the payload size that goes by reference
   * @param activitySlots invocations in flight at once per pool in this process
   * @param slurm the cluster the slurm pool submits to
   * @param usage where executors that measure their runs record them
   */
  public record Executors(
      Path workRoot,
      int processSlots,
      String dockerHost,
      URI lambdaEndpoint,
      LambdaExecutor.Limits lambdaLimits,
      int activitySlots,
      SlurmSettings slurm,
      UsageLog usage) {}

  private final WorkerFactory factory;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private FanoutWorkers(WorkerFactory factory) {
    this.factory = factory;
  }

  /** Serves the pools through a new factory on {@code client}, started. */
  public static FanoutWorkers start(WorkflowClient client, Config config) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    FanoutWorkers workers = new FanoutWorkers(factory);
    workers.addPools(factory::newWorker, config);
    factory.start();
    return workers;
  }

  /**
   * Registers the pools on workers that {@code source} makes and its owner starts and stops, such
   * as a TestWorkflowEnvironment's.
   */
  public static FanoutWorkers register(WorkerSource source, Config config) {
    FanoutWorkers workers = new FanoutWorkers(null);
    workers.addPools(source, config);
    return workers;
  }

  private void addPools(WorkerSource source, Config config) {
    if (config.pools().contains(WORKFLOWS)) {
      Worker worker = source.newWorker(TaskQueues.WORKFLOWS, WorkerOptions.getDefaultInstance());
      worker.registerWorkflowImplementationFactory(
          ParallelJobWorkflow.class,
          () -> new ParallelJobWorkflowImpl(config.maxParallelCeiling(), config.paging()));
      worker.registerWorkflowImplementationTypes(
          JobPageWorkflowImpl.class, JobPageGroupWorkflowImpl.class, OwnerWorkflowImpl.class);
      worker.registerActivitiesImplementations(new JobDataActivitiesImpl(config.blobs()));
    }
    InvocationInput input = new InvocationInput(config.blobs());
    if (config.pools().contains(JAVA)) {
      JavaExecutor executor = new JavaExecutor(input, config.handlers());
      closeables.add(executor);
      serve(source, JAVA, executor, new HandlerIdentity(config.handlers()), config);
    }
    if (config.pools().contains(PROCESS)) {
      serve(
          source,
          PROCESS,
          new ProcessExecutor(
              config.executors().workRoot(), config.executors().processSlots(), input),
          ProgramIdentity.forProcess(),
          config);
    }
    if (config.pools().contains(DOCKER)) {
      Executors settings = config.executors();
      DockerClient docker = DockerExecutor.client(settings.dockerHost());
      DockerExecutor executor = new DockerExecutor(docker, settings.workRoot(), input);
      closeables.add(executor);
      serve(source, DOCKER, executor, new ImageIdentity(docker), config);
    }
    if (config.pools().contains(LAMBDA)) {
      Executors settings = config.executors();
      LambdaExecutor executor =
          new LambdaExecutor(
              () ->
                  LambdaExecutor.client(
                      settings.lambdaEndpoint(),
                      Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")),
                      DefaultCredentialsProvider.builder().build(),
                      settings.lambdaLimits()),
              config.blobs(),
              settings.lambdaLimits(),
              metrics(config, LAMBDA));
      closeables.add(executor);
      serve(source, LAMBDA, executor, new LambdaIdentity(executor), config);
    }
    if (config.pools().contains(SLURM)) {
      SlurmExecutor executor =
          new SlurmExecutor(
              config.executors().workRoot(),
              config.executors().slurm(),
              input,
              config.executors().usage());
      closeables.add(executor);
      serve(source, SLURM, executor, new BatchIdentity(), config);
    }
  }

  private static void serve(
      WorkerSource source,
      String pool,
      Executor executor,
      FunctionIdentity identity,
      Config config) {
    Worker worker =
        source.newWorker(
            TaskQueues.forExecutor(pool),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(config.executors().activitySlots())
                .build());
    worker.registerActivitiesImplementations(
        new FunctionActivitiesImpl(
            executor, identity, config.logs(), config.blobs(), metrics(config, pool)));
  }

  private static InvocationMetrics metrics(Config config, String pool) {
    return new InvocationMetrics(config.metrics(), pool);
  }

  /** Whether this process's pollers run: started, and not yet shutting down. */
  public boolean polling() {
    return factory != null && factory.isStarted() && !factory.isShutdown();
  }

  @Override
  public void close() throws Exception {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    for (AutoCloseable executor : closeables) {
      executor.close();
    }
  }
}
