package dev.fanout.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fanout commands run as separate processes, as a user runs {@code fanout dev} and {@code fanout
 * worker}: from this test's classpath, each with its console in a log file under {@code home}.
 * Closing kills whatever is still running.
 */
final class FanoutProcesses implements AutoCloseable {

  private final Path home;
  private final List<FanoutProcess> started = new ArrayList<>();

  FanoutProcesses(Path home) {
    this.home = home;
  }

  /** A Fanout process, with the pools it serves ({@code --queues}) if it is a worker. */
  record FanoutProcess(String name, String queues, Process process, Path log) {

    /** SIGKILL: the process gets no chance to say anything to the server. */
    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The first line of its console that matches, once it has printed it. */
    Matcher awaitLine(Pattern pattern, int seconds) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        try (BufferedReader lines = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
              return matcher;
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (!process.isAlive()) {
          throw new AssertionError(name + " exited " + process.exitValue() + "; see " + log);
        }
        sleep(100);
      }
      throw new AssertionError(name + " printed no line matching " + pattern + "; see " + log);
    }
  }

  /** {@code fanout dev} serving no pool; its address once it listens. */
  String devServer() {
    return start("dev", "dev", "--port=0", "--queues=none")
        .awaitLine(Pattern.compile("on (127\\.0\\.0\\.1:\\d+)"), 60)
        .group(1);
  }

  /** {@code fanout worker} serving these pools against the server at {@code address}. */
  FanoutProcess worker(String address, String queues, String... options) {
    List<String> args = new ArrayList<>(List.of("worker", "--temporal=" + address));
    args.add("--queues=" + queues);
    args.addAll(List.of(options));
    return start("worker-" + queues.replace(',', '-'), args.toArray(String[]::new));
  }

  FanoutProcess start(String name, String... args) {
    Path log = home.resolve(name + "-" + started.size() + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    command.add("--home=" + home);
    String queues =
        List.of(args).stream()
            .filter(a -> a.startsWith("--queues="))
            .map(a -> a.substring("--queues=".length()))
            .findFirst()
            .orElse("");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      FanoutProcess fanout = new FanoutProcess(name, queues, process, log);
      started.add(fanout);
      return fanout;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits up to five minutes for {@code condition}, failing the test if it never holds. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 5 minutes for " + what);
      }
      sleep(20);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    started.forEach(FanoutProcess::kill);
  }
}
