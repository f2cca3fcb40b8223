package dev.fanout.executor;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines a function printed, quoted in its failure so the cause is seen at once. */
public final class OutputTail {

  private static final int LINES = 20;
  private final Deque<String> lines = new ArrayDeque<>();

  public synchronized void add(String line) {
    if (lines.size() == LINES) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  /** {@code "; last output:\n..."}, or nothing if it printed nothing. */
  public synchronized String describe() {
    return lines.isEmpty() ? "" : "; last output:\n" + String.join("\n", lines);
  }
}
