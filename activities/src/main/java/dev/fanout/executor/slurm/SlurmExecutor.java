package dev.fanout.executor.slurm;

import dev.fanout.executor.Executor;
import dev.fanout.executor.InfrastructureException;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.FailureType;
import dev.fanout.job.Resources;
import dev.fanout.logs.TaskLog;
import dev.fanout.usage.UsageLog;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
  private final SlurmControl control;
  private final Submissions submissions;
  private final SlurmQueue queue;
  private final SlurmBatcher batcher;
  private final UsageLog usage;

  private static final int SIZED_JOBS_KEPT = 1000;

  /**
   * Each job's sizing, decided at its first sub-job, so its sub-jobs ask alike (and share arrays).
   */
  private final Map<String, Resources> sizedByJob =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Resources> eldest) {
              return size() > SIZED_JOBS_KEPT;
            }
          });

  /**
   * @param usage where each sub-job's requested and used resources are recorded, and auto-sized
   *     jobs are sized from
   */
  public SlurmExecutor(
      Path workRoot, SlurmSettings settings, InvocationInput input, UsageLog usage) {
    this.workRoot = workRoot;
    this.usage = usage;
    this.settings = settings;
    this.input = input;
    this.control = SlurmControl.of(settings);
    this.submissions = new Submissions(control);
    this.queue = new SlurmQueue(control, settings.pollInterval());
    this.batcher = new SlurmBatcher(workRoot, submissions, settings);
  }

  @Override
  public RunningInvocation start(Invocation invocation, int attempt, TaskLog taskLog)
      throws IOException, InvocationException, InfrastructureException {
    Invocation sized = sized(invocation);
    if (sized != invocation) {
      taskLog.line("auto-sized from recorded runs: " + describe(sized.function().resources()));
    }
    WorkDir workDir = WorkDir.create(workRoot, invocation, attempt, input);
    Optional<Submissions.Earlier> earlier =
        submissions.earlier(workDir.path(), settings.pollInterval());
    if (earlier.isPresent()) {
      Path dir = earlier.get().workDir();
      taskLog.line(
          "re-attached to Slurm job "
              + earlier.get().jobId()
              + ", which an earlier attempt submitted in "
              + dir);
      return new SlurmRun(
          earlier.get().jobId(), WorkDir.existing(dir), control, queue, taskLog, sized, usage);
    }
    String name = Submissions.name(invocation.logName());
    Path script = workDir.path().resolve(SCRIPT);
    Files.writeString(script, JobScript.render(sized, workDir, settings, name));
    String jobId =
        settings.arrayWindow().isZero()
            ? submissions.job(script, name, workDir.path())
            : inArray(sized, workDir);
    taskLog.line("submitted Slurm job " + jobId + " in " + workDir.path());
    return new SlurmRun(jobId, workDir, control, queue, taskLog, sized, usage);
  }

  /**
   * The invocation with the resources its function's recorded runs suggest, if it opted in and
   * there are enough runs; otherwise the invocation itself.
   */
  private Invocation sized(Invocation invocation) {
    Resources asked = invocation.function().resources();
    if (invocation.role() != Role.TASK || asked == null || !asked.autoSized()) {
      return invocation;
    }
    String function = invocation.function().describe();
    Resources sized =
        sizedByJob.computeIfAbsent(
            invocation.jobId() + "/" + function,
            key -> usage.suggest(function).map(s -> s.appliedTo(asked)).orElse(asked));
    // Each sub-job's spec arrives as its own copy: equal, not the same, as the cached one.
    return sized.equals(asked)
        ? invocation
        : invocation.withFunction(invocation.function().withResources(sized));
  }

  private static String describe(Resources r) {
    return "cpus " + r.cpus() + ", memoryMb " + r.memoryMb() + ", walltime " + r.walltime();
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
      throw new InfrastructureException(
          FailureType.SLURM_UNAVAILABLE, String.valueOf(e.getCause()), e);
    } catch (TimeoutException e) {
      throw new InfrastructureException(
          FailureType.SLURM_UNAVAILABLE, "no array submitted in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfrastructureException(FailureType.SLURM_UNAVAILABLE, "interrupted", e);
    }
  }

  @Override
  public boolean reattaches() {
    return true;
  }

  /**
   * Adopts the job an earlier attempt submitted, unless that attempt reported its end: if Slurm
   * still keeps it, or it left its exit code. A lookup that fails throws rather than answer "gone",
   * which would submit the sub-job again while it may still run.
   */
  @Override
  public Optional<RunningInvocation> reattach(
      Invocation invocation, String executorId, TaskLog taskLog) throws InfrastructureException {
    Optional<String[]> idAndDir = SlurmRun.parse(executorId);
    if (idAndDir.isEmpty()) {
      return Optional.empty();
    }
    String jobId = idAndDir.get()[0];
    Path dir = Path.of(idAndDir.get()[1]);
    if (Files.exists(dir.resolve(SlurmRun.COLLECTED))
        || !(Files.exists(dir.resolve(JobScript.EXIT_CODE)) || control.record(jobId).isPresent())) {
      return Optional.empty();
    }
    taskLog.line("re-attached to Slurm job " + jobId);
    return Optional.of(
        new SlurmRun(
            jobId, WorkDir.existing(dir), control, queue, taskLog, sized(invocation), usage));
  }

  @Override
  public void close() {
    batcher.close();
    queue.close();
  }
}
