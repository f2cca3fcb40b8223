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
import java.util.Optional;

/**
 * Runs each invocation as a Slurm batch job through the Slurm CLI: its worker runs where sbatch
 * works (a login or workflow node, or anywhere with an SSH prefix) and needs only outbound
 * connections to Temporal. The work directory (input.json in, output.json out) must be on a
 * filesystem the compute nodes share.
 */
public final class SlurmExecutor implements Executor, AutoCloseable {

  static final String SCRIPT = "job.sh";

  private final Path workRoot;
  private final SlurmSettings settings;
  private final InvocationInput input;
  private final SlurmCli cli;
  private final SlurmQueue queue;

  public SlurmExecutor(Path workRoot, SlurmSettings settings, InvocationInput input) {
    this.workRoot = workRoot;
    this.settings = settings;
    this.input = input;
    this.cli = new SlurmCli(settings.commandPrefix());
    this.queue = new SlurmQueue(cli, settings.pollInterval());
  }

  @Override
  public RunningInvocation start(Invocation invocation, int attempt, TaskLog taskLog)
      throws IOException, InvocationException, InfrastructureException {
    WorkDir workDir = WorkDir.create(workRoot, invocation, attempt, input);
    Path script = workDir.path().resolve(SCRIPT);
    Files.writeString(script, JobScript.render(invocation, workDir, settings));
    String jobId = cli.submit(script);
    taskLog.line("submitted Slurm job " + jobId + " in " + workDir.path());
    return new SlurmRun(jobId, workDir, cli, queue, taskLog);
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
    queue.close();
  }
}
