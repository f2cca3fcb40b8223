package dev.fanout.executor.process;

import dev.fanout.executor.Executor;
import dev.fanout.executor.FairSlots;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.WorkDir;
import dev.fanout.job.Resources;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a function's command as a plain process on this machine, under the same contract as the
 * container executors: a work directory holding {@code input.json}, {@code output.json} written
 * back, exit 0 for success, {@code FANOUT_*} variables. No more processes run at once than the
 * worker has slots; a function's {@code resources.cpus} count against them, and sub-jobs waiting
 * for slots are served by priority and fair share ({@link FairSlots}).
 */
public final class ProcessExecutor implements Executor {

  private static final Logger log = LoggerFactory.getLogger(ProcessExecutor.class);
  static final String HOST = hostName();

  private final Path workRoot;
  private final InvocationInput input;
  private final FairSlots slots;

  /**
   * @param workRoot where each attempt gets its own work directory
   * @param slotCount how many cpus' worth of processes may run at once
   */
  public ProcessExecutor(Path workRoot, int slotCount, InvocationInput input) {
    this.workRoot = workRoot;
    this.input = input;
    this.slots = new FairSlots(slotCount);
  }

  @Override
  public RunningInvocation start(Invocation invocation, int attempt, TaskLog taskLog)
      throws IOException, InvocationException {
    Resources resources = invocation.function().resources();
    int cpus = resources == null || resources.cpus() == null ? 1 : resources.cpus();
    if (cpus > slots.capacity()) {
      throw InvocationException.badFunction(
          "resources.cpus",
          "asks for " + cpus + " cpus; this worker has " + slots.capacity() + " slots");
    }
    WorkDir workDir = WorkDir.create(workRoot, invocation, attempt, input);
    taskLog.line("work directory " + workDir.path());
    return new ProcessRun(
        invocation, workDir, cpus, slots.request(invocation.share(), cpus), taskLog);
  }

  /**
   * A process an earlier attempt started cannot be collected (it is not this JVM's child, so its
   * exit code is lost): if it survives, it is killed, and the invocation starts afresh.
   */
  @Override
  public boolean reattaches() {
    return true;
  }

  @Override
  public Optional<RunningInvocation> reattach(
      Invocation invocation, String executorId, TaskLog taskLog) {
    ProcessRun.Survivor.parse(executorId)
        .filter(s -> s.host().equals(HOST))
        .flatMap(ProcessRun.Survivor::find)
        .ifPresent(
            survivor -> {
              log.warn("killing process {} left by an earlier attempt", survivor.pid());
              taskLog.line("killed process " + survivor.pid() + " left by an earlier attempt");
              ProcessTree.kill(survivor);
            });
    return Optional.empty();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
