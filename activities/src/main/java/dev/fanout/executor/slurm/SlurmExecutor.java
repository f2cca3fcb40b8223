package dev.fanout.executor.slurm;

import dev.fanout.executor.Executor;
import dev.fanout.executor.InfrastructureException;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.WorkDir;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each invocation as a Slurm batch job through the Slurm CLI: its worker runs where sbatch
 * works (a login or workflow node, or anywhere with an SSH prefix) and needs only outbound
 * connections to Temporal. The work directory (input.json in, output.json out) must be on a
 * filesystem the compute nodes share.
 */
public final class SlurmExecutor implements Executor, AutoCloseable {

  static final String SCRIPT = "job.sh";

  /** How long an attempt waits for its array to be submitted: the window and an sbatch. */
  static final Duration SUBMIT_WAIT = Duration.ofMinutes(2);

  private final Path workRoot;
  private final SlurmSettings settings;
  private final InvocationInput input;
  private final SlurmCli cli;
  private final SlurmQueue queue;
  private final SlurmBatcher batcher;

  public SlurmExecutor(Path workRoot, SlurmSettings settings, InvocationInput input) {
    this.workRoot = workRoot;
    this.settings = settings;
    this.input = input;
    this.cli = new SlurmCli(settings.commandPrefix());
    this.queue = new SlurmQueue(cli, settings.pollInterval());
    this.batcher =
        new SlurmBatcher(workRoot, cli, settings.arrayWindow(), settings.arrayThrottle());
  }

  @Override
  public RunningInvocation start(Invocation invocation, int attempt, TaskLog taskLog)
      throws IOException, InvocationException, InfrastructureException {
    WorkDir workDir = WorkDir.create(workRoot, invocation, attempt, input);
    Path script = workDir.path().resolve(SCRIPT);
    Files.writeString(script, JobScript.render(invocation, workDir, settings));
    String jobId =
        settings.arrayWindow().isZero() ? cli.submit(script) : inArray(invocation, workDir);
    taskLog.line("submitted Slurm job " + jobId + " in " + workDir.path());
    return new SlurmRun(jobId, workDir, cli, queue, taskLog);
  }

  /** This attempt's element id in the array its wave of sub-jobs is submitted as. */
  private String inArray(Invocation invocation, WorkDir workDir)
      throws InvocationException, InfrastructureException {
    try {
      return batcher
          .add(
              invocation.jobId(), JobScript.shared(invocation.function(), settings), workDir.path())
          .get(SUBMIT_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InfrastructureException i) {
        throw i;
      }
      if (e.getCause() instanceof InvocationException i) {
        throw i;
      }
      throw new InfrastructureException("SlurmUnavailable", String.valueOf(e.getCause()), e);
    } catch (TimeoutException e) {
      throw new InfrastructureException("SlurmUnavailable", "no array submitted in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfrastructureException("SlurmUnavailable", "interrupted", e);
    }
  }

  @Override
  public boolean reattaches() {
    return true;
  }

  /** Adopts the job an earlier attempt submitted, if Slurm still knows it or it left its code. */
  @Override
  public Optional<RunningInvocation> reattach(
      Invocation invocation, String executorId, TaskLog taskLog) {
    return SlurmRun.parse(executorId)
        .filter(
            idAndDir ->
                cli.shown(idAndDir[0]).isPresent()
                    || Files.exists(Path.of(idAndDir[1]).resolve(JobScript.EXIT_CODE)))
        .map(
            idAndDir -> {
              taskLog.line("re-attached to Slurm job " + idAndDir[0]);
              return new SlurmRun(
                  idAndDir[0], WorkDir.existing(Path.of(idAndDir[1])), cli, queue, taskLog);
            });
  }

  @Override
  public void close() {
    batcher.close();
    queue.close();
  }
}
