package dev.fanout.executor.process;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kills a process with everything it started. Processes run in their own session (via {@code
 * setsid}), so the process group catches children that were re-parented; descendants still attached
 * are killed by handle too, in case one left the group.
 */
final class ProcessTree {

  private ProcessTree() {}

  static void kill(ProcessHandle root) {
    List<ProcessHandle> descendants = root.descendants().toList();
    try {
      new ProcessBuilder("kill", "-KILL", "--", "-" + root.pid())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // No kill(1): the handles below still reach every descendant still attached.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    root.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      root.onExit().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Gone or unkillable either way; nothing more to do from here.
    }
  }
}
