package dev.fanout.executor.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.executor.ExitStatus;
import dev.fanout.executor.InfrastructureException;
import dev.fanout.executor.slurm.SlurmControl.Listed;
import dev.fanout.executor.slurm.SlurmControl.Status;
import dev.fanout.job.FailureType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Slurm prints about jobs, read: pure functions over the text of squeue, scontrol and sacct
 * and the JSON of slurmrestd. Anything that is not what the command prints is refused ({@link
 * IllegalArgumentException} naming the line), so an answer garbled on its way is never taken for
 * "this job is gone".
 */
final class SlurmOutput {

  /** How {@link SlurmCli} asks squeue (element ids one per line with {@code -r}); names last. */
  static final String SQUEUE_FORMAT = "JobArrayID:|,State:|,exit_code:|,Name:";

  /** How {@link SlurmCli} asks sacct ({@code -P}: fields between bars). */
  static final String SACCT_FORMAT = "JobID,State,ExitCode";

  /**
   * sacct's error where the cluster has no slurmdbd: it keeps nothing once the controller forgets.
   */
  private static final String NO_ACCOUNTING = "accounting storage is disabled";

  /** What squeue, scontrol and slurmrestd say of a job id the controller does not hold. */
  private static final String UNKNOWN_JOB = "Invalid job id specified";

  /** slurmrestd's error number for it (ESLURM_INVALID_JOB_ID). */
  private static final int UNKNOWN_JOB_ERROR = 2017;

  /**
   * A job ({@code 12}), an array element ({@code 12_3}) or pending elements ({@code 12_[4-7%2]}).
   */
  private static final Pattern JOB_ID = Pattern.compile("(\\d+)(?:_(\\d+)|_\\[([0-9,:%-]+)])?");

  private static final Pattern STATE = Pattern.compile("[A-Z_]+");
  private static final Pattern CODE_AND_SIGNAL = Pattern.compile("(\\d+):(\\d+)");

  private SlurmOutput() {}

  /** A parse as a call's result: what Slurm could not have printed is no answer from it. */
  static <T> T read(Supplier<T> parse) throws InfrastructureException {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new InfrastructureException(FailureType.SLURM_UNAVAILABLE, e.getMessage(), e);
    }
  }

  /** {@code sbatch --parsable}: the job id ({@code 12}, or {@code 12;cluster}). */
  static String sbatch(String out) {
    String id = out.strip().split(";", 2)[0];
    if (!id.matches("\\d+")) {
      throw garbage("sbatch", out);
    }
    return id;
  }

  /** squeue's lines in {@link #SQUEUE_FORMAT}: each job's or element's name, state, exit code. */
  static Map<String, Listed> squeue(String out) {
    Map<String, Listed> listed = new LinkedHashMap<>();
    for (String line : lines(out)) {
      String[] fields = line.split("\\|", 4);
      if (fields.length != 4 || !STATE.matcher(fields[1]).matches() || !fields[2].matches("\\d+")) {
        throw garbage("squeue", line);
      }
      Listed job =
          new Listed(fields[3], Status.of(fields[1], fromWaitStatus(Long.parseLong(fields[2]))));
      for (String id : ids("squeue", fields[0])) {
        listed.put(id, job);
      }
    }
    return listed;
  }

  /** The states of the listed jobs with these ids. */
  static Map<String, Status> statuses(Map<String, Listed> listed, Collection<String> ids) {
    Map<String, Status> statuses = new LinkedHashMap<>();
    for (String id : ids) {
      Listed job = listed.get(id);
      if (job != null) {
        statuses.put(id, job.status());
      }
    }
    return statuses;
  }

  /** The listed jobs with any of these names. */
  static Map<String, Listed> named(Map<String, Listed> listed, Collection<String> names) {
    Map<String, Listed> named = new LinkedHashMap<>(listed);
    named.values().removeIf(job -> !names.contains(job.name()));
    return named;
  }

  /** {@code scontrol show job -o ID}: the job's state and exit code. */
  static Status scontrol(String out) {
    List<String> lines = lines(out);
    if (lines.isEmpty()) {
      throw garbage("scontrol", out);
    }
    String state = null;
    Integer code = null;
    for (String field : lines.get(0).split("\\s+")) {
      if (field.startsWith("JobState=")) {
        state = field.substring("JobState=".length());
      } else if (field.startsWith("ExitCode=")) {
        code = fromCodeAndSignal(field.substring("ExitCode=".length()));
      }
    }
    if (state == null || !STATE.matcher(state).matches() || code == null) {
      throw garbage("scontrol", lines.get(0));
    }
    return Status.of(state, code);
  }

  /** sacct's lines in {@link #SACCT_FORMAT} with {@code -P}; steps ({@code 12.batch}) skipped. */
  static Map<String, Status> sacct(String out) {
    Map<String, Status> statuses = new LinkedHashMap<>();
    for (String line : lines(out)) {
      String[] fields = line.split("\\|", -1);
      Integer code = fields.length == 3 ? fromCodeAndSignal(fields[2]) : null;
      if (code == null || !STATE.matcher(fields[1].split(" ", 2)[0]).matches()) {
        throw garbage("sacct", line);
      }
      if (!fields[0].contains(".")) {
        statuses.put(single("sacct", fields[0]), Status.of(fields[1], code));
      }
    }
    return statuses;
  }

  /** Whether a command's error output is Slurm saying it holds no such job. */
  static boolean unknownJob(String err) {
    return err.contains(UNKNOWN_JOB);
  }

  /** Whether sacct's error output says the cluster keeps no accounting to ask. */
  static boolean noAccounting(String err) {
    return err.contains(NO_ACCOUNTING);
  }

  /**
   * slurmrestd's {@code GET jobs} (or {@code GET job/ID}): each job's or element's name, state and
   * exit code. Elements not yet started are one record with their indexes in {@code
   * array_task_string}.
   */
  static Map<String, Listed> restJobs(JsonNode answer) {
    JsonNode jobs = answer.path("jobs");
    if (!jobs.isArray()) {
      throw garbage("slurmrestd", answer.toString());
    }
    Map<String, Listed> listed = new LinkedHashMap<>();
    for (JsonNode job : jobs) {
      JsonNode state = job.path("job_state");
      if (!job.path("job_id").isIntegralNumber()
          || !state.isTextual()
          || !job.path("exit_code").isIntegralNumber()) {
        throw garbage("slurmrestd", job.toString());
      }
      Listed listing =
          new Listed(
              job.path("name").asText(),
              Status.of(state.asText(), fromWaitStatus(job.path("exit_code").asLong())));
      long array = job.path("array_job_id").asLong();
      if (array == 0) {
        listed.put(job.path("job_id").asText(), listing);
      } else if (job.path("array_task_id").isIntegralNumber()) {
        listed.put(array + "_" + job.path("array_task_id").asText(), listing);
      } else {
        for (long index : arrayIndexes(job.path("array_task_string").asText())) {
          listed.put(array + "_" + index, listing);
        }
      }
    }
    return listed;
  }

  /** slurmrestd's answer to {@code POST job/submit}: the job id. */
  static String restSubmitted(JsonNode answer) {
    if (!answer.path("job_id").isIntegralNumber()) {
      throw garbage("slurmrestd", answer.toString());
    }
    return answer.path("job_id").asText();
  }

  /** Whether slurmrestd's answer is its controller saying it holds no such job. */
  static boolean unknownJob(JsonNode answer) {
    for (JsonNode error : answer.path("errors")) {
      if (error.path("error_number").asInt() == UNKNOWN_JOB_ERROR) {
        return true;
      }
    }
    return false;
  }

  /** {@code 1-3%1} or {@code 0,4-8:2}: the indexes of an array's elements. */
  static List<Long> arrayIndexes(String spec) {
    List<Long> indexes = new ArrayList<>();
    String ranges = spec.contains("%") ? spec.substring(0, spec.indexOf('%')) : spec;
    for (String range : ranges.split(",")) {
      if (range.isBlank()) {
        continue;
      }
      String[] rangeAndStep = range.split(":");
      String[] bounds = rangeAndStep[0].split("-");
      long first = Long.parseLong(bounds[0].strip());
      long last = bounds.length > 1 ? Long.parseLong(bounds[1].strip()) : first;
      long step = rangeAndStep.length > 1 ? Long.parseLong(rangeAndStep[1].strip()) : 1;
      for (long i = first; i <= last; i += step) {
        indexes.add(i);
      }
    }
    return indexes;
  }

  /** A wait status (squeue's exit_code, slurmrestd's): a code in the high byte, or a signal. */
  static int fromWaitStatus(long waitStatus) {
    return ExitStatus.of((int) ((waitStatus >> 8) & 0xff), (int) (waitStatus & 0x7f)).code();
  }

  /** scontrol's and sacct's {@code code:signal}; null if it is not that. */
  static Integer fromCodeAndSignal(String field) {
    Matcher m = CODE_AND_SIGNAL.matcher(field);
    if (!m.matches()) {
      return null;
    }
    return ExitStatus.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).code();
  }

  /** The ids one squeue id stands for: itself, or each pending element of {@code 12_[4-7]}. */
  private static List<String> ids(String command, String id) {
    Matcher m = JOB_ID.matcher(id);
    if (!m.matches()) {
      throw garbage(command, id);
    }
    if (m.group(3) == null) {
      return List.of(id);
    }
    return arrayIndexes(m.group(3)).stream().map(i -> m.group(1) + "_" + i).toList();
  }

  private static String single(String command, String id) {
    Matcher m = JOB_ID.matcher(id);
    if (!m.matches() || m.group(3) != null) {
      throw garbage(command, id);
    }
    return id;
  }

  private static List<String> lines(String out) {
    return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static IllegalArgumentException garbage(String command, String text) {
    return new IllegalArgumentException(
        command + " printed what it never prints: " + abbreviated(text));
  }

  private static String abbreviated(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
