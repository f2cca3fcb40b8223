package dev.fanout.app.cli;

import dev.fanout.app.Handlers;
import dev.fanout.app.metrics.MetricsEndpoint;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.executor.lambda.LambdaExecutor;
import dev.fanout.executor.slurm.SlurmSettings;
import dev.fanout.workflow.job.ParallelJobWorkflowImpl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How the workers this process runs are configured. */
public class WorkerOptions {

  @Option(
      names = "--max-parallel-ceiling",
      paramLabel = "N",
      defaultValue =
          "${env:FANOUT_MAX_PARALLEL_CEILING:-"
              + ParallelJobWorkflowImpl.DEFAULT_MAX_PARALLEL_CEILING
              + "}",
      description =
          "No job gets a wider window than this, whatever its maxParallel. Default:"
              + " ${DEFAULT-VALUE}.")
  int maxParallelCeiling;

  @Option(
      names = "--process-slots",
      paramLabel = "N",
      description =
          "How many cpus' worth of process sub-jobs this worker runs at once. Default: the"
              + " number of cores.")
  int processSlots = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--docker-host",
      paramLabel = "URL",
      defaultValue = "${env:DOCKER_HOST:-unix:///var/run/docker.sock}",
      description = "The Docker engine of the docker pool. Default: ${DEFAULT-VALUE}.")
  String dockerHost;

  @Mixin BlobOptions blobOptions;

  @Option(
      names = "--lambda-endpoint",
      paramLabel = "URL",
      defaultValue = "${env:FANOUT_LAMBDA_ENDPOINT}",
      description =
          "A Lambda-compatible endpoint (default: AWS, with region and credentials from the"
              + " default AWS chain).")
  URI lambdaEndpoint;

  @Option(
      names = "--lambda-per-function",
      defaultValue = "100",
      description =
          "Invocations of one function in flight at once from this worker; keep it below the"
              + " function's reserved concurrency. Default: ${DEFAULT-VALUE}.")
  int lambdaPerFunction;

  @Option(
      names = "--lambda-per-account",
      defaultValue = "900",
      description =
          "Invocations in flight at once from this worker, below the account's concurrency"
              + " quota. Default: ${DEFAULT-VALUE}.")
  int lambdaPerAccount;

  @Option(
      names = "--activity-slots",
      defaultValue = "" + FanoutWorkers.DEFAULT_ACTIVITY_SLOTS,
      description =
          "Sub-jobs each pool of this worker runs at once; more wait for another worker or a free"
              + " slot. Default: ${DEFAULT-VALUE}.")
  int activitySlots;

  @Option(
      names = "--slurm-partition",
      defaultValue = "${env:FANOUT_SLURM_PARTITION}",
      description = "The slurm pool's --partition (default: the cluster's).")
  String slurmPartition;

  @Option(names = "--slurm-account", defaultValue = "${env:FANOUT_SLURM_ACCOUNT}")
  String slurmAccount;

  @Option(names = "--slurm-qos", defaultValue = "${env:FANOUT_SLURM_QOS}")
  String slurmQos;

  @Option(names = "--slurm-constraint", defaultValue = "${env:FANOUT_SLURM_CONSTRAINT}")
  String slurmConstraint;

  @Option(
      names = "--slurm-prefix",
      split = "\\s+",
      paramLabel = "COMMAND",
      description =
          "Run Slurm's commands behind this, such as 'ssh login1' (one option, words split on"
              + " spaces).")
  List<String> slurmPrefix = List.of();

  @Option(
      names = "--slurm-container",
      defaultValue = "APPTAINER",
      description =
          "What runs a function with an image on the nodes: ${COMPLETION-CANDIDATES}. Default:"
              + " ${DEFAULT-VALUE}.")
  SlurmSettings.ContainerRuntime slurmContainer;

  @Option(
      names = "--slurm-poll-seconds",
      defaultValue = "5",
      description =
          "How often one squeue asks after all of this worker's jobs. Default: ${DEFAULT-VALUE}.")
  int slurmPollSeconds;

  @Option(
      names = "--slurm-command-timeout-seconds",
      defaultValue = "" + SlurmSettings.DEFAULT_COMMAND_TIMEOUT_SECONDS,
      description =
          "Kill a Slurm command (or slurmrestd request) that takes longer; its answer counts as"
              + " unknown, never as a lost job. Default: ${DEFAULT-VALUE}.")
  int slurmCommandTimeoutSeconds;

  @Option(
      names = "--slurm-array-window-ms",
      defaultValue = "200",
      description =
          "Sub-jobs of one job with the same resources starting within this long go to Slurm as"
              + " one job array (0: one sbatch each). Default: ${DEFAULT-VALUE}.")
  int slurmArrayWindowMs;

  @Option(
      names = "--slurm-array-throttle",
      defaultValue = "0",
      description =
          "At most this many elements of one array run at once (%N; 0: only the job's own"
              + " window). Default: ${DEFAULT-VALUE}.")
  int slurmArrayThrottle;

  @Option(
      names = "--slurm-max-array-size",
      defaultValue = "1001",
      description =
          "The cluster's MaxArraySize (scontrol show config): larger waves become several arrays."
              + " Default: ${DEFAULT-VALUE}.")
  int slurmMaxArraySize;

  @Option(
      names = "--slurm-rest",
      paramLabel = "URL",
      defaultValue = "${env:FANOUT_SLURM_REST}",
      description =
          "Submit through slurmrestd at this URL (JWT auth, API v0.0.38) instead of Slurm's"
              + " commands.")
  URI slurmRest;

  @Option(
      names = "--slurm-rest-user",
      defaultValue = "${env:FANOUT_SLURM_REST_USER:-${sys:user.name}}",
      description = "Who jobs are submitted as through --slurm-rest. Default: ${DEFAULT-VALUE}.")
  String slurmRestUser;

  @Option(
      names = "--slurm-rest-token-file",
      paramLabel = "FILE",
      defaultValue = "${env:FANOUT_SLURM_REST_TOKEN_FILE}",
      description =
          "That user's token (as `scontrol token` prints it), read for each request so it can be"
              + " renewed in place. Default: $SLURM_JWT.")
  Path slurmRestTokenFile;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics (Temporal's and Fanout's) at http://0.0.0.0:PORT/metrics, and"
              + " health checks at /health/live and /health/ready (the workers poll).")
  Integer metricsPort;

  /** The metrics endpoint, if --metrics-port asks for one; the caller closes it. */
  MetricsEndpoint metrics() throws IOException {
    return metricsPort == null ? null : MetricsEndpoint.serve(new InetSocketAddress(metricsPort));
  }

  private SlurmSettings slurmSettings() {
    try {
      return new SlurmSettings(
          slurmPrefix,
          slurmPartition,
          slurmAccount,
          slurmQos,
          slurmConstraint,
          slurmContainer,
          Duration.ofSeconds(Math.max(1, slurmPollSeconds)),
          Duration.ofSeconds(slurmCommandTimeoutSeconds),
          Duration.ofMillis(slurmArrayWindowMs),
          slurmArrayThrottle,
          slurmMaxArraySize,
          slurmRest == null ? null : slurmRestApi());
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--" + e.getMessage());
    }
  }

  /** slurmrestd, refused now if no token could reach it, rather than at every sub-job. */
  private SlurmSettings.Rest slurmRestApi() {
    if (slurmRestTokenFile == null && System.getenv("SLURM_JWT") == null) {
      throw new UserInputException(
          "--slurm-rest: needs a token: --slurm-rest-token-file FILE, or SLURM_JWT in the"
              + " environment (scontrol token prints one)");
    }
    if (slurmRestTokenFile != null && !Files.isReadable(slurmRestTokenFile)) {
      throw new UserInputException("--slurm-rest-token-file: cannot read " + slurmRestTokenFile);
    }
    return new SlurmSettings.Rest(slurmRest, slurmRestUser, slurmRestTokenFile);
  }

  FanoutWorkers.Config config(Set<String> pools, GlobalOptions global, MetricsEndpoint metrics) {
    return new FanoutWorkers.Config(
        pools,
        global.logStore(),
        blobOptions.open(global),
        Handlers.discover(),
        maxParallelCeiling,
        new FanoutWorkers.Executors(
            global.home.resolve("work"),
            processSlots,
            dockerHost,
            lambdaEndpoint,
            new LambdaExecutor.Limits(
                lambdaPerFunction,
                lambdaPerAccount,
                LambdaExecutor.Limits.DEFAULT.maxPayloadBytes()),
            activitySlots,
            slurmSettings(),
            global.usageLog()),
        metrics == null ? new SimpleMeterRegistry() : metrics.registry());
  }
}
