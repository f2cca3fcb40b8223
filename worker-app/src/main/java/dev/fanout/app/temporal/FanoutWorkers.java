package dev.fanout.app.temporal;

import dev.fanout.blobs.BlobStore;
import dev.fanout.executor.FunctionActivitiesImpl;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.job.ExecutorKind;
import dev.fanout.jobdata.JobDataActivitiesImpl;
import dev.fanout.logs.LogStore;
import dev.fanout.usage.UsageLog;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.TaskQueues;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import dev.fanout.workflow.job.ParallelJobWorkflowImpl;
import dev.fanout.workflow.owner.OwnerWorkflowImpl;
import dev.fanout.workflow.page.JobPageGroupWorkflowImpl;
import dev.fanout.workflow.page.JobPageWorkflowImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Wires the worker pools of one process onto their task queues; no logic beyond wiring. */
public final class FanoutWorkers implements AutoCloseable {

  /** The pool of workflows, by the name used with {@code worker --queues}. */
  public static final String WORKFLOWS = "workflows";

  /**
   * The pools a process can serve: the workflows', and one per executor by its {@link
   * ExecutorKind#id()}.
   */
  public static final Set<String> POOLS = pools();

  private static Set<String> pools() {
    Set<String> pools = new LinkedHashSet<>();
    pools.add(WORKFLOWS);
    for (ExecutorKind kind : ExecutorKind.values()) {
      pools.add(kind.id());
    }
    return Collections.unmodifiableSet(pools);
  }

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
   * What the executor pools need, each read by its own entry in {@link ExecutorPools}.
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
    for (ExecutorKind kind : ExecutorKind.values()) {
      if (config.pools().contains(kind.id())) {
        ExecutorPools.Pool pool = ExecutorPools.open(kind, config, input);
        if (pool.executor() instanceof AutoCloseable closeable) {
          closeables.add(closeable);
        }
        serve(source, kind, pool, config);
      }
    }
  }

  private static void serve(
      WorkerSource source, ExecutorKind kind, ExecutorPools.Pool pool, Config config) {
    Worker worker =
        source.newWorker(
            TaskQueues.forExecutor(kind.id()),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(config.executors().activitySlots())
                .build());
    worker.registerActivitiesImplementations(
        new FunctionActivitiesImpl(
            pool.executor(),
            pool.identity(),
            config.logs(),
            config.blobs(),
            ExecutorPools.metrics(config, kind)));
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
