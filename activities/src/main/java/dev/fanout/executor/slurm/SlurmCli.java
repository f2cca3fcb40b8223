package dev.fanout.executor.slurm;

import static dev.fanout.executor.slurm.SlurmOutput.read;

import dev.fanout.executor.InfrastructureException;
import dev.fanout.job.FailureType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Slurm's commands, run here or behind a prefix such as {@code ssh login1}. */
final class SlurmCli implements SlurmControl {

  private final List<String> prefix;
  private final Duration timeout;

  /** What a command printed, and how it exited. */
  private record Answer(String command, int exitCode, String out, String err) {

    Answer ok() throws InfrastructureException {
      if (exitCode != 0) {
        String said = err.isBlank() ? out : err;
        throw new InfrastructureException(
            FailureType.SLURM_UNAVAILABLE,
            command + " exited " + exitCode + ": " + said.strip(),
            null);
      }
      return this;
    }
  }

  /**
   * @param timeout how long any one command may take before it is killed with what it started
   */
  SlurmCli(List<String> prefix, Duration timeout) {
    this.prefix = List.copyOf(prefix);
    this.timeout = timeout;
  }

  @Override
  public String submit(Path script) throws InfrastructureException {
    String out = run("sbatch", "--parsable", script.toString()).ok().out();
    return read(() -> SlurmOutput.sbatch(out));
  }

  /** One {@code squeue -r} (elements one per line), finished jobs included ({@code -t all}). */
  @Override
  public Map<String, Status> statuses(Collection<String> jobIds) throws InfrastructureException {
    if (jobIds.isEmpty()) {
      return Map.of();
    }
    Answer answer = squeue("-j", String.join(",", jobIds));
    if (answer.exitCode() != 0 && SlurmOutput.unknownJob(answer.err())) {
      return Map.of(); // squeue's answer when it holds none of them
    }
    String out = answer.ok().out();
    return SlurmOutput.statuses(read(() -> SlurmOutput.squeue(out)), jobIds);
  }

  /** {@code scontrol show job}, else {@code sacct} once the controller has let the job go. */
  @Override
  public Optional<Status> record(String jobId) throws InfrastructureException {
    Answer shown = run("scontrol", "show", "job", "-o", jobId);
    if (shown.exitCode() == 0) {
      return Optional.of(read(() -> SlurmOutput.scontrol(shown.out())));
    }
    if (!SlurmOutput.unknownJob(shown.err())) {
      shown.ok();
    }
    Answer accounted = run("sacct", "-n", "-P", "-X", "-j", jobId, "-o", SlurmOutput.SACCT_FORMAT);
    if (accounted.exitCode() != 0 && SlurmOutput.noAccounting(accounted.err())) {
      return Optional
          .empty(); // a cluster without slurmdbd keeps nothing once the controller forgets
    }
    String out = accounted.ok().out();
    return Optional.ofNullable(read(() -> SlurmOutput.sacct(out)).get(jobId));
  }

  @Override
  public Map<String, Listed> named(Collection<String> names) throws InfrastructureException {
    String out = squeue("--name=" + String.join(",", names)).ok().out();
    return SlurmOutput.named(read(() -> SlurmOutput.squeue(out)), names);
  }

  @Override
  public void cancel(String jobId) throws InfrastructureException {
    run("scancel", jobId).ok();
  }

  private Answer squeue(String... which) throws InfrastructureException {
    List<String> command = new ArrayList<>(List.of("squeue", "-h", "-t", "all", "-r"));
    command.addAll(List.of(which));
    command.addAll(List.of("-O", SlurmOutput.SQUEUE_FORMAT));
    return run(command.toArray(String[]::new));
  }

  /**
   * Runs one command, killed with everything it started if it takes longer than the timeout. Its
   * output goes to files, not pipes: a child that outlives it (a wrapper's, ssh's) could hold a
   * pipe open, and reading it would wait as long as that child.
   */
  private Answer run(String... command) throws InfrastructureException {
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(List.of(command));
    String shown = String.join(" ", argv);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("fanout-slurm-", ".out");
      err = Files.createTempFile("fanout-slurm-", ".err");
      Process process =
          new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new InfrastructureException(
            FailureType.SLURM_UNAVAILABLE,
            shown + " did not answer within " + timeout.toSeconds() + " s",
            null);
      }
      return new Answer(shown, process.exitValue(), text(out), text(err));
    } catch (IOException e) {
      throw new InfrastructureException(
          FailureType.SLURM_UNAVAILABLE, "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfrastructureException(FailureType.SLURM_UNAVAILABLE, "interrupted", e);
    } finally {
      delete(out);
      delete(err);
    }
  }

  /** What a command wrote, bytes that are not UTF-8 included (they make the answer garbage). */
  private static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static void delete(Path file) {
    if (file != null) {
      file.toFile().delete();
    }
  }
}
