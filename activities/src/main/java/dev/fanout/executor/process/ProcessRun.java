package dev.fanout.executor.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.executor.FairSlots;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.OutputTail;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.FailureType;
import dev.fanout.job.Resources;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One attempt's process: waits for slots, runs, is collected or killed. */
final class ProcessRun implements RunningInvocation {

  /** A minimal environment: the worker's own variables (and secrets) never reach a sub-job. */
  static final Map<String, String> BASE_ENV =
      Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");

  /** What identifies a process across worker restarts: pids are reused, start times are not. */
  record Survivor(String host, long pid, long startMillis) {
    static Optional<Survivor> parse(String executorId) {
      String[] parts = executorId.split(":");
      if (parts.length != 4 || !parts[0].equals("process")) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Survivor(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3])));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    Optional<ProcessHandle> find() {
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              h ->
                  h.info()
                      .startInstant()
                      .map(start -> start.toEpochMilli() == startMillis)
                      .orElse(false));
    }
  }

  private final Invocation invocation;
  private final WorkDir workDir;
  private final int cpus;
  private final FairSlots.Request slots;
  private final TaskLog taskLog;
  private final OutputTail tail = new OutputTail();
  private final List<Thread> pumps = new ArrayList<>();
  private Process process;
  private Instant deadline;
  private boolean cancelled;

  /**
   * @param slots its place in the worker's queue for {@code cpus} slots, released when it ends
   */
  ProcessRun(
      Invocation invocation, WorkDir workDir, int cpus, FairSlots.Request slots, TaskLog taskLog) {
    this.invocation = invocation;
    this.workDir = workDir;
    this.cpus = cpus;
    this.slots = slots;
    this.taskLog = taskLog;
  }

  @Override
  public synchronized String executorId() {
    if (process == null) {
      return "process:" + ProcessExecutor.HOST + ":waiting";
    }
    long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return "process:" + ProcessExecutor.HOST + ":" + process.pid() + ":" + started;
  }

  @Override
  public Optional<JsonNode> awaitOutput(Duration maxWait) throws Exception {
    if (process == null) {
      if (!slots.await(maxWait)) {
        return Optional.empty();
      }
      launch();
      return Optional.empty();
    }
    if (!process.waitFor(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
      if (deadline != null && Instant.now().isAfter(deadline)) {
        stop();
        throw new InvocationException(
            FailureType.TIMEOUT,
            "ran longer than its walltime "
                + invocation.function().resources().walltime()
                + " and was killed"
                + tail.describe(),
            null);
      }
      return Optional.empty();
    }
    return Optional.of(collect());
  }

  private synchronized void launch() throws IOException, InvocationException {
    if (cancelled) {
      release();
      throw new InvocationException(FailureType.CANCELLED, "cancelled before it started", null);
    }
    List<String> argv = new ArrayList<>();
    argv.add("setsid");
    argv.add(program());
    argv.addAll(invocation.function().command().subList(1, invocation.function().command().size()));
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(workDir.path().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(BASE_ENV);
    String dir = workDir.path().toString();
    env.put("HOME", dir);
    env.put("TMPDIR", dir);
    env.put("FANOUT_JOB_ID", invocation.jobId());
    env.put("FANOUT_TASK_INDEX", String.valueOf(invocation.taskIndex()));
    env.put("FANOUT_TASK_KEY", invocation.taskKey() == null ? "" : invocation.taskKey());
    env.put("FANOUT_WORK_DIR", dir);
    // What the sub-job holds of the worker's slots: a multi-threaded tool sizes its threads by it.
    env.put("FANOUT_CPUS", String.valueOf(cpus));
    if (invocation.function().env() != null) {
      env.putAll(invocation.function().env());
    }
    // setsid would start even when the command cannot: look it up first, as it will be run.
    String program = program();
    if (!isExecutable(program, env.get("PATH"))) {
      release();
      throw InvocationException.badFunction(
          "command[0]",
          "cannot run '" + program + "': no such executable (PATH=" + env.get("PATH") + ")");
    }
    try {
      process = builder.start();
    } catch (IOException e) {
      release(); // the attempt fails and is retried: it must not keep the slots it never used
      throw e;
    }
    Resources resources = invocation.function().resources();
    if (resources != null && resources.walltime() != null) {
      deadline = Instant.now().plus(resources.walltime());
    }
    taskLog.line("started " + executorId() + ": " + invocation.function().command());
    pump(process.getInputStream(), "stdout");
    pump(process.getErrorStream(), "stderr");
  }

  private JsonNode collect() throws Exception {
    for (Thread pump : pumps) {
      pump.join(TimeUnit.SECONDS.toMillis(5));
    }
    release();
    int exit = process.exitValue();
    taskLog.line("exited with " + exit);
    return workDir.collect(exit, tail);
  }

  @Override
  public synchronized void cancel() {
    cancelled = true;
    if (process != null) {
      stop();
    } else {
      release(); // leaves the queue: nothing will wait on its turn again
    }
  }

  private synchronized void stop() {
    ProcessTree.kill(process.toHandle());
    release();
  }

  private void release() {
    slots.release();
  }

  private void pump(InputStream stream, String name) {
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  taskLog.line(name + " " + line);
                  tail.add(line);
                }
              } catch (IOException e) {
                taskLog.line(name + " closed: " + e.getMessage());
              }
            },
            "fanout-" + name + "-" + process.pid());
    pump.setDaemon(true);
    pump.start();
    pumps.add(pump);
  }

  private String program() {
    return WorkDir.program(invocation.function().command().get(0));
  }

  private static boolean isExecutable(String program, String path) {
    return executable(program, path).isPresent();
  }

  /** The file {@code program} runs as, looked up on {@code path} as the process will be. */
  static Optional<Path> executable(String program, String path) {
    if (program.contains("/")) {
      return Optional.of(Path.of(program)).filter(Files::isExecutable);
    }
    for (String dir : (path == null ? "" : path).split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }

  private static java.io.File nullDevice() {
    return new java.io.File("/dev/null");
  }
}
