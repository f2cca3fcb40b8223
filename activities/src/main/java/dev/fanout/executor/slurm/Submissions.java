package dev.fanout.executor.slurm;

import dev.fanout.executor.InfrastructureException;
import dev.fanout.job.FailureType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits so that no sub-job ever runs twice at once. Every submission gets a job name of its own,
 * written into each attempt's work directory before sbatch runs: an sbatch that fails or times out
 * may still have submitted, so its name is looked up before the attempt gives up, and a later
 * attempt of the same sub-job looks up the earlier ones' names and re-attaches to one that Slurm
 * still runs or holds pending instead of submitting again.
 */
final class Submissions {

  /** In an attempt's work directory: its submission's job name, and its element in an array. */
  static final String RECORD = "slurm-submission";

  private static final Logger log = LoggerFactory.getLogger(Submissions.class);
  private static final Pattern ATTEMPT = Pattern.compile("attempt-(\\d+)");

  private final SlurmControl control;

  /** A job an earlier attempt submitted, and that attempt's work directory. */
  record Earlier(String jobId, Path workDir) {}

  /** What a work directory's record says: its submission's name; its element, or -1. */
  private record Recorded(Path workDir, String name, int element) {

    boolean is(String jobId) {
      return element < 0 ? !jobId.contains("_") : jobId.endsWith("_" + element);
    }
  }

  Submissions(SlurmControl control) {
    this.control = control;
  }

  /** A job name no other submission has: {@code fanout-WHAT-} and 8 random hex digits. */
  static String name(String what) {
    return "fanout-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Submits one attempt's script under this name; the job's id. */
  String job(Path script, String name, Path workDir) throws InfrastructureException {
    record(workDir, name);
    return submit(script, name);
  }

  /** Submits an array whose element N runs the N-th of these attempts; the array's id. */
  String array(Path script, String name, List<Path> workDirs) throws InfrastructureException {
    for (int i = 0; i < workDirs.size(); i++) {
      record(workDirs.get(i), name + " " + i);
    }
    return submit(script, name);
  }

  private String submit(Path script, String name) throws InfrastructureException {
    try {
      return control.submit(script);
    } catch (InfrastructureException failed) {
      Map<String, SlurmControl.Listed> named;
      try {
        named = control.named(List.of(name));
      } catch (InfrastructureException unknown) {
        throw failed;
      }
      if (named.isEmpty()) {
        throw failed;
      }
      String id = named.keySet().iterator().next();
      String job = id.contains("_") ? id.substring(0, id.indexOf('_')) : id;
      log.warn("sbatch failed ({}), but Slurm holds job {} as {}: taking it", failed, job, name);
      return job;
    }
  }

  /**
   * The job an earlier attempt of this sub-job (a sibling {@code attempt-N} with a smaller N)
   * submitted and Slurm still runs or holds pending, or that ended without that attempt reporting
   * how. A name Slurm does not list is asked once more after {@code pause}, so one garbled answer
   * cannot start a second run; a failed lookup throws.
   */
  Optional<Earlier> earlier(Path workDir, Duration pause) throws InfrastructureException {
    List<Recorded> unseen = recordsBefore(workDir);
    for (int look = 1; look <= SlurmQueue.ABSENCES && !unseen.isEmpty(); look++) {
      if (look > 1) {
        pause(pause);
      }
      // One lookup for all of them: every lookup may fail, and a sub-job may have many attempts.
      Map<String, SlurmControl.Listed> named =
          control.named(unseen.stream().map(Recorded::name).distinct().toList());
      List<Recorded> stillUnseen = new ArrayList<>();
      for (Recorded recorded : unseen) {
        boolean seen = false;
        for (Map.Entry<String, SlurmControl.Listed> job : named.entrySet()) {
          if (job.getValue().name().equals(recorded.name()) && recorded.is(job.getKey())) {
            seen = true;
            if (!job.getValue().status().meaning().ended()
                || !Files.exists(recorded.workDir().resolve(SlurmRun.COLLECTED))) {
              return Optional.of(new Earlier(job.getKey(), recorded.workDir()));
            }
          }
        }
        if (!seen) {
          stillUnseen.add(recorded);
        }
      }
      unseen = stillUnseen;
    }
    return Optional.empty();
  }

  /** The records of the attempts before this one, the latest first. */
  private static List<Recorded> recordsBefore(Path workDir) throws InfrastructureException {
    int attempt = number(workDir);
    List<Recorded> records = new ArrayList<>();
    if (attempt <= 1) {
      return records;
    }
    try (Stream<Path> siblings = Files.list(workDir.getParent())) {
      for (Path sibling :
          siblings
              .filter(p -> number(p) > 0 && number(p) < attempt)
              .sorted(Comparator.comparingInt(Submissions::number).reversed())
              .toList()) {
        String[] nameAndElement;
        try {
          nameAndElement = Files.readString(sibling.resolve(RECORD)).strip().split(" ");
        } catch (NoSuchFileException e) {
          continue; // that attempt never got as far as submitting
        }
        int element = nameAndElement.length > 1 ? Integer.parseInt(nameAndElement[1]) : -1;
        records.add(new Recorded(sibling, nameAndElement[0], element));
      }
    } catch (IOException | NumberFormatException e) {
      throw new InfrastructureException(
          FailureType.SLURM_UNAVAILABLE, "cannot read earlier attempts' submissions: " + e, e);
    }
    return records;
  }

  /** N of an {@code attempt-N} directory; 0 for anything else. */
  private static int number(Path dir) {
    Matcher m = ATTEMPT.matcher(dir.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static void record(Path workDir, String record) throws InfrastructureException {
    try {
      Files.writeString(workDir.resolve(RECORD), record + "\n");
    } catch (IOException e) {
      throw new InfrastructureException(
          FailureType.SLURM_UNAVAILABLE,
          "cannot record the submission in " + workDir + ": " + e,
          e);
    }
  }

  private static void pause(Duration pause) throws InfrastructureException {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfrastructureException(FailureType.SLURM_UNAVAILABLE, "interrupted", e);
    }
  }
}
