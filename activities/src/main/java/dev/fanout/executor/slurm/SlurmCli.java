package dev.fanout.executor.slurm;

import dev.fanout.executor.InfrastructureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Slurm's commands, run here or behind a prefix such as {@code ssh login1}. */
final class SlurmCli implements SlurmControl {

  private static final long COMMAND_SECONDS = 60;

  private final List<String> prefix;

  SlurmCli(List<String> prefix) {
    this.prefix = List.copyOf(prefix);
  }

  @Override
  public String submit(Path script) throws InfrastructureException {
    String out = run("sbatch", "--parsable", script.toString()).strip();
    // --parsable prints "id" or "id;cluster".
    return out.split(";", 2)[0];
  }

  /**
   * The state of each of these jobs or array elements ({@code ID_N}), in one {@code squeue} ({@code
   * -r}: elements one per line); a job squeue no longer lists is asked of {@code scontrol}, and is
   * absent from the answer if Slurm has forgotten it.
   */
  @Override
  public Map<String, Status> statuses(Collection<String> jobIds) throws InfrastructureException {
    Map<String, Status> statuses = new HashMap<>();
    if (jobIds.isEmpty()) {
      return statuses;
    }
    String listed = run("squeue", "-h", "-t", "all", "-j", String.join(",", jobIds), "-o", "%i|%T");
    for (String line : listed.split("\n")) {
      String[] fields = line.strip().split("\\|");
      if (fields.length == 2) {
        statuses.put(fields[0], new Status(fields[1], null));
      }
    }
    for (String id : jobIds) {
      Status status = statuses.get(id);
      if (status == null || status.ended()) {
        shown(id).ifPresentOrElse(s -> statuses.put(id, s), () -> statuses.remove(id));
      }
    }
    return statuses;
  }

  /** {@code scontrol show job}: state and exit code, while Slurm keeps the record. */
  @Override
  public Optional<Status> shown(String jobId) {
    String out;
    try {
      out = run("scontrol", "show", "job", "-o", jobId);
    } catch (InfrastructureException e) {
      return Optional.empty();
    }
    String state = null;
    Integer exit = null;
    for (String field : out.strip().split("\\s+")) {
      if (field.startsWith("JobState=")) {
        state = field.substring("JobState=".length());
      } else if (field.startsWith("ExitCode=")) {
        String[] codeAndSignal = field.substring("ExitCode=".length()).split(":");
        int code = Integer.parseInt(codeAndSignal[0]);
        int signal = codeAndSignal.length > 1 ? Integer.parseInt(codeAndSignal[1]) : 0;
        exit = signal != 0 ? 128 + signal : code;
      }
    }
    return state == null ? Optional.empty() : Optional.of(new Status(state, exit));
  }

  @Override
  public void cancel(String jobId) throws InfrastructureException {
    run("scancel", jobId);
  }

  private String run(String... command) throws InfrastructureException {
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new InfrastructureException(
            "SlurmUnavailable", String.join(" ", argv) + " did not answer", null);
      }
      if (process.exitValue() != 0) {
        throw new InfrastructureException(
            "SlurmUnavailable",
            String.join(" ", argv) + " exited " + process.exitValue() + ": " + out.strip(),
            null);
      }
      return out;
    } catch (IOException e) {
      throw new InfrastructureException(
          "SlurmUnavailable", "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfrastructureException("SlurmUnavailable", "interrupted", e);
    }
  }
}
