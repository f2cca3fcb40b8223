package dev.fanout.executor.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.executor.InfrastructureException;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.OutputTail;
import dev.fanout.executor.RunState;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.FailureType;
import dev.fanout.logs.TaskLog;
import dev.fanout.usage.ResourceUsage;
import dev.fanout.usage.UsageLog;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Role;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One submitted Slurm job: its output tailed into the task log while it runs, then collected. */
final class SlurmRun implements RunningInvocation {

  private static final Logger log = LoggerFactory.getLogger(SlurmRun.class);
  private static final String ID_PREFIX = "slurm:";

  /** Written in the work directory once the run's end has been reported. */
  static final String COLLECTED = "collected";

  private final String jobId;
  private final WorkDir workDir;
  private final SlurmControl control;
  private final SlurmQueue queue;
  private final CompletableFuture<Optional<SlurmControl.Status>> ended;
  private final TaskLog taskLog;
  private final OutputTail tail = new OutputTail();
  private final long[] read = new long[2];

  /** The run as Fanout asked for it, recorded with what it used. */
  private final Invocation invocation;

  private final UsageLog usage;

  SlurmRun(
      String jobId,
      WorkDir workDir,
      SlurmControl control,
      SlurmQueue queue,
      TaskLog taskLog,
      Invocation invocation,
      UsageLog usage) {
    this.jobId = jobId;
    this.invocation = invocation;
    this.usage = usage;
    this.workDir = workDir;
    this.control = control;
    this.queue = queue;
    this.taskLog = taskLog;
    this.ended = queue.watch(jobId);
  }

  /** {@code slurm:JOBID:WORKDIR}: enough for a later attempt to find the job and its output. */
  @Override
  public String executorId() {
    return ID_PREFIX + jobId + ":" + workDir.path();
  }

  /** The job id and work directory in an executor id this class made. */
  static Optional<String[]> parse(String executorId) {
    if (!executorId.startsWith(ID_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = executorId.substring(ID_PREFIX.length()).split(":", 2);
    return parts.length == 2 ? Optional.of(parts) : Optional.empty();
  }

  @Override
  public Optional<JsonNode> awaitOutput(Duration maxWait) throws Exception {
    Optional<SlurmControl.Status> ending;
    try {
      ending = ended.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      copyNewLines();
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    copyNewLines();
    try {
      return Optional.of(collect(ending));
    } finally {
      // Reported now: a later attempt must run the sub-job again, not collect this end twice.
      Files.writeString(
          workDir.path().resolve(COLLECTED), ending.map(SlurmControl.Status::state).orElse("gone"));
    }
  }

  /**
   * The output, or how the job failed: Slurm's state first (see {@link SlurmState}), then the exit
   * code the script wrote, then Slurm's. {@code ending} is empty when Slurm no longer knows the
   * job.
   */
  private JsonNode collect(Optional<SlurmControl.Status> ending)
      throws InvocationException, InfrastructureException {
    String job = "Slurm job " + jobId;
    if (ending.isPresent()) {
      SlurmControl.Status status = ending.get();
      RunState state = status.meaning();
      if (state == RunState.INFRASTRUCTURE) {
        throw InfrastructureException.named(status.state(), job + " ended " + status.state());
      }
      Optional<FailureType> failure = state.failure();
      if (failure.isPresent()) {
        throw failed(state, failure.get(), job);
      }
    }
    Integer written = writtenExitCode();
    Integer code =
        written != null ? written : ending.map(SlurmControl.Status::exitCode).orElse(null);
    if (code == null) {
      throw new InfrastructureException(
          FailureType.SLURM_JOB_LOST,
          ending
              .map(s -> job + " ended " + s.state() + " without an exit code")
              .orElse(
                  job
                      + " is gone: absent from "
                      + SlurmQueue.ABSENCES
                      + " of Slurm's answers in a row, no record of it left, no exit code written"),
          null);
    }
    record(code == 0 ? ResourceUsage.COMPLETED : "FAILED");
    return workDir.collect(code, tail);
  }

  /**
   * The sub-job's failure that Slurm's state is; what it says of the sub-job's needs is recorded.
   */
  private InvocationException failed(RunState state, FailureType type, String job) {
    String what =
        switch (state) {
          case TIMED_OUT -> {
            record(ResourceUsage.TIMEOUT);
            yield " ran past its walltime";
          }
          case OUT_OF_MEMORY -> {
            record(ResourceUsage.OUT_OF_MEMORY);
            yield " ran out of memory";
          }
            // A cancel says nothing of its needs: not recorded.
          default -> " was cancelled in Slurm";
        };
    return new InvocationException(type, job + what + tail.describe(), null);
  }

  /** Records what a sub-job used, as far as {@code /usr/bin/time} on the node could tell. */
  private void record(String outcome) {
    if (invocation.role() != Role.TASK) {
      return;
    }
    // Without measurements (killed first, or no /usr/bin/time) the outcome still counts.
    Map<String, Double> used = JobScript.used(workDir.path());
    Double rssKb = used.get("maxrss_kb");
    Double cpu = used.get("cpu");
    usage.record(
        new ResourceUsage(
            Instant.now(),
            invocation.function().describe(),
            invocation.jobId(),
            invocation.taskIndex(),
            invocation.function().resources(),
            outcome,
            used.get("elapsed"),
            rssKb == null ? null : (int) Math.ceil(rssKb / 1024),
            cpu == null ? null : cpu.intValue()));
  }

  /** The code the script itself wrote: the most reliable, since Slurm may forget the job. */
  private Integer writtenExitCode() {
    try {
      return Integer.parseInt(
          Files.readString(workDir.path().resolve(JobScript.EXIT_CODE)).strip());
    } catch (NoSuchFileException | NumberFormatException e) {
      return null;
    } catch (IOException e) {
      log.warn("cannot read the exit code of Slurm job {}: {}", jobId, e.toString());
      return null;
    }
  }

  /** Appends what the job printed since the last look to the task log. */
  private void copyNewLines() {
    copy(0, workDir.path().resolve(JobScript.STDOUT));
    copy(1, workDir.path().resolve(JobScript.STDERR));
  }

  private void copy(int stream, Path file) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= read[stream]) {
        return;
      }
      byte[] bytes = new byte[(int) Math.min(length - read[stream], 1 << 20)];
      in.seek(read[stream]);
      in.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      if (end < 0) {
        return; // a line still being written
      }
      read[stream] += text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
      for (String line : text.substring(0, end).split("\n", -1)) {
        tail.add(line);
        taskLog.line(line);
      }
    } catch (IOException e) {
      // Not there yet: the job has not started.
    }
  }

  @Override
  public void cancel() {
    queue.forget(jobId);
    try {
      control.cancel(jobId);
      taskLog.line("cancelled Slurm job " + jobId);
    } catch (InfrastructureException e) {
      log.warn("cannot cancel Slurm job {}: {}", jobId, e.getMessage());
    }
  }
}
