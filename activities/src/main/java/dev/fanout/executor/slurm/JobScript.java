package dev.fanout.executor.slurm;

import dev.fanout.executor.InvocationException;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Resources;
import dev.fanout.workflow.Invocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The batch script of one attempt. Nothing a user gives becomes script text unchecked: params
 * travel in input.json, every value that reaches a directive must match a strict pattern, and every
 * word of the command and every environment value is single-quoted.
 */
final class JobScript {

  /** Where the script writes the command's exit code, read before anything Slurm says. */
  static final String EXIT_CODE = "exit-code";

  /** Where {@code /usr/bin/time} writes what the command used, when the node has it. */
  static final String USAGE = "usage";

  /** What it writes there: wall seconds, peak resident KiB, and CPU as a percentage of one. */
  private static final String USAGE_FORMAT = "elapsed=%e maxrss_kb=%M cpu=%P";

  static final String STDOUT = "slurm.out";
  static final String STDERR = "slurm.err";

  /** In an array's batch directory, the elements' work directories, one per line. */
  static final String BATCH_DIRS = "dirs";

  /** Inside a container, the work directory is here, as for the Docker executor. */
  static final String CONTAINER_WORK_DIR = "/fanout";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern CONSTRAINT = Pattern.compile("[A-Za-z0-9_.,&|!:*\\[\\]-]{1,256}");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9_./:@+-]{1,512}");

  private JobScript() {}

  /** The script for this attempt, submitted under {@code name}, or why it cannot be run so. */
  static String render(Invocation invocation, WorkDir workDir, SlurmSettings settings, String name)
      throws InvocationException {
    FunctionRef function = invocation.function();
    List<String> command = function.command();
    if (command == null || command.isEmpty()) {
      throw InvocationException.badFunction("command", "is required for executor 'slurm'");
    }
    String work = workDir.path().toString();
    Map<String, String> directives = new LinkedHashMap<>();
    directives.put("job-name", name);
    directives.put("output", work + "/" + STDOUT);
    directives.put("error", work + "/" + STDERR);
    directives.put("chdir", work);
    directives.putAll(shared(function, settings));

    StringBuilder script = new StringBuilder("#!/bin/sh\n");
    append(script, directives);
    boolean contained = function.image() != null;
    String inside = contained ? CONTAINER_WORK_DIR : work;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FANOUT_JOB_ID", invocation.jobId());
    env.put("FANOUT_TASK_INDEX", String.valueOf(invocation.taskIndex()));
    env.put("FANOUT_TASK_KEY", invocation.taskKey() == null ? "" : invocation.taskKey());
    env.put("FANOUT_WORK_DIR", inside);
    if (function.env() != null) {
      for (Map.Entry<String, String> e : function.env().entrySet()) {
        if (!ENV_KEY.matcher(e.getKey()).matches()) {
          throw InvocationException.badFunction(
              "env", "'" + e.getKey() + "' is not a variable name ([A-Za-z_][A-Za-z0-9_]*)");
        }
        env.put(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      script.append("export ").append(e.getKey()).append('=').append(quote(e.getValue()));
      script.append('\n');
    }
    List<String> argv = new ArrayList<>();
    if (contained) {
      argv.addAll(containerPrefix(settings.containerRuntime(), work, function.image()));
    }
    // On the nodes the command starts in its work directory; in a container, the image's paths.
    argv.add(contained ? command.get(0) : WorkDir.program(command.get(0)));
    argv.addAll(command.subList(1, command.size()));
    script.append("cd ").append(quote(work)).append(" || exit 1\n");
    script.append("set -- ").append(String.join(" ", argv.stream().map(JobScript::quote).toList()));
    script.append('\n');
    String launch = launcher(function.resources());
    script.append("if [ -x /usr/bin/time ]; then\n");
    script
        .append("  ")
        .append(launch)
        .append("/usr/bin/time -o ")
        .append(quote(work + "/" + USAGE));
    script.append(" -f ").append(quote(USAGE_FORMAT)).append(" \"$@\"\n");
    script.append("else\n  ").append(launch).append("\"$@\"\nfi\n");
    script.append("code=$?\n");
    script.append("echo $code > ").append(quote(work + "/" + EXIT_CODE)).append('\n');
    script.append("exit $code\n");
    return script.toString();
  }

  /**
   * The directives that depend only on the function's resources and the site: what the elements of
   * one job array must share.
   */
  static Map<String, String> shared(FunctionRef function, SlurmSettings settings)
      throws InvocationException {
    Map<String, String> directives = new LinkedHashMap<>();
    Resources resources = function.resources();
    if (resources != null) {
      put(directives, "cpus-per-task", resources.cpus());
      if (resources.memoryMb() != null) {
        directives.put("mem", resources.memoryMb() + "M");
      }
      put(directives, "gpus", resources.gpus());
      put(directives, "nodes", resources.nodes());
      if (resources.walltime() != null) {
        // Slurm counts whole minutes; a shorter walltime still gets one.
        long minutes = Math.max(1, (resources.walltime().toSeconds() + 59) / 60);
        directives.put("time", String.valueOf(minutes));
      }
    }
    directive(directives, "partition", settings.partition(), NAME);
    directive(directives, "account", settings.account(), NAME);
    directive(directives, "qos", settings.qos(), NAME);
    directive(directives, "constraint", settings.constraint(), CONSTRAINT);
    return directives;
  }

  /**
   * What starts the command: the script itself, unless the function asks for {@code nodes}; then
   * {@code srun}, one task per node (an MPI program's ranks), each task measuring its own use (they
   * share the usage file: the last to end stays, one node's view of a symmetric job). srun is told
   * the cpus again: since Slurm 22.05 it does not inherit the batch job's {@code --cpus-per-task}.
   */
  private static String launcher(Resources resources) {
    if (resources == null || resources.nodes() == null) {
      return "";
    }
    return "srun --nodes="
        + resources.nodes()
        + " --ntasks="
        + resources.nodes()
        + (resources.cpus() == null ? "" : " --cpus-per-task=" + resources.cpus())
        + " ";
  }

  /**
   * One job array over the attempts whose work directories are listed, one per line, in {@code
   * batch/dirs}, submitted under {@code name}: element N runs the N-th directory's own job.sh, its
   * output going where that script's directives would have put it.
   */
  static String array(Map<String, String> shared, Path batch, int count, int throttle, String name)
      throws InvocationException {
    Map<String, String> directives = new LinkedHashMap<>();
    directives.put("job-name", name);
    directives.put("output", batch + "/element-%a.out");
    directives.put("chdir", batch.toString());
    directives.put(
        "array", "0-" + (count - 1) + (throttle > 0 && throttle < count ? "%" + throttle : ""));
    directives.putAll(shared);
    StringBuilder script = new StringBuilder("#!/bin/sh\n");
    append(script, directives);
    script
        .append("dir=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" ")
        .append(quote(batch + "/" + BATCH_DIRS))
        .append(")\n");
    script.append("exec sh \"$dir/").append(SlurmExecutor.SCRIPT).append('"');
    script.append(" > \"$dir/").append(STDOUT).append("\" 2> \"$dir/").append(STDERR);
    script.append("\"\n");
    return script.toString();
  }

  /**
   * What the command used, by the names in {@link #USAGE_FORMAT}: empty if it was killed before
   * {@code time} could write, or the node has no {@code /usr/bin/time}.
   */
  static Map<String, Double> used(Path workDir) {
    try {
      return usage(Files.readString(workDir.resolve(USAGE)));
    } catch (IOException e) {
      return Map.of();
    }
  }

  /**
   * {@code /usr/bin/time}'s output in {@link #USAGE_FORMAT}, by name; what is not a number left
   * out.
   */
  static Map<String, Double> usage(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    Map<String, Double> used = new HashMap<>();
    // Before its own line, time may write "Command exited with non-zero status N".
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    for (String word : last.strip().split(" ")) {
      String[] nameAndValue = word.split("=", 2);
      String value = nameAndValue.length == 2 ? nameAndValue[1].replace("%", "") : "";
      if (value.matches("\\d+(\\.\\d+)?")) {
        used.put(nameAndValue[0], Double.parseDouble(value));
      }
    }
    return used;
  }

  private static void append(StringBuilder script, Map<String, String> directives)
      throws InvocationException {
    for (Map.Entry<String, String> d : directives.entrySet()) {
      String value = d.getValue();
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw InvocationException.badFunction(d.getKey(), "must be one line");
      }
      script.append("#SBATCH --").append(d.getKey()).append('=').append(value).append('\n');
    }
  }

  /** Refuses site settings that could not reach a directive safely, naming the setting. */
  static void check(String partition, String account, String qos, String constraint) {
    try {
      Map<String, String> unused = new LinkedHashMap<>();
      directive(unused, "partition", partition, NAME);
      directive(unused, "account", account, NAME);
      directive(unused, "qos", qos, NAME);
      directive(unused, "constraint", constraint, CONSTRAINT);
    } catch (InvocationException e) {
      throw new IllegalArgumentException("slurm-" + e.getMessage(), e);
    }
  }

  private static List<String> containerPrefix(
      SlurmSettings.ContainerRuntime runtime, String work, String image)
      throws InvocationException {
    if (!IMAGE.matcher(image).matches()) {
      throw InvocationException.badFunction("image", "'" + image + "' is not an image reference");
    }
    String bind = work + ":" + CONTAINER_WORK_DIR;
    return switch (runtime) {
      case APPTAINER, SINGULARITY ->
          List.of(
              runtime.name().toLowerCase(),
              "exec",
              "--bind",
              bind,
              "--pwd",
              CONTAINER_WORK_DIR,
              image);
      case PODMAN_HPC ->
          List.of("podman-hpc", "run", "--rm", "-v", bind, "-w", CONTAINER_WORK_DIR, image);
      case SHIFTER ->
          // Shifter runs images its gateway pulled (shifterimg pull); no --rm: nothing persists.
          List.of(
              "shifter", "--image=" + image, "--volume=" + bind, "--workdir=" + CONTAINER_WORK_DIR);
    };
  }

  private static void put(Map<String, String> directives, String name, Integer value) {
    if (value != null) {
      directives.put(name, String.valueOf(value));
    }
  }

  private static void directive(
      Map<String, String> directives, String name, String value, Pattern allowed)
      throws InvocationException {
    if (value == null) {
      return;
    }
    if (!allowed.matcher(value).matches()) {
      throw InvocationException.badFunction(
          name, "'" + value + "' is not allowed in a Slurm directive (" + allowed.pattern() + ")");
    }
    directives.put(name, value);
  }

  /** One shell word, whatever it holds. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
