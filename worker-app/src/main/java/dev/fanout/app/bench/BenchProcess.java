package dev.fanout.app.bench;

import dev.fanout.app.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code fanout} command the bench runs in its own JVM, stopped when closed. */
final class BenchProcess implements AutoCloseable {

  private final Process process;
  private final String firstLine;

  private BenchProcess(Process process, String firstLine) {
    this.process = process;
    this.firstLine = firstLine;
  }

  /**
   * Starts {@code fanout ARGS} with these JVM options and returns once it has printed a line
   * starting with {@code ready} (its output is then drained).
   */
  static BenchProcess start(List<String> jvmOptions, List<String> args, String ready)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(ready)) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "bench-process-output");
        drain.setDaemon(true);
        drain.start();
        return new BenchProcess(process, line);
      }
    }
    throw new IOException("fanout " + String.join(" ", args) + " ended before it was ready");
  }

  /** The line it printed when it was ready. */
  String firstLine() {
    return firstLine;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
