package dev.fanout.logs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines the activity writes into an invocation's log around each attempt: one when an attempt
 * starts and one when it ends, and how. Read back, they give every attempt's start and end while
 * the job runs and after it, which nothing else keeps: a Temporal history records only an
 * activity's last attempt, and a sub-job's result only its last attempt's times.
 *
 * <p>The function's own output shares the log, but an executor writes it behind a prefix ({@code
 * stdout}, {@code INFO}, {@code log}), so these lines are not mistaken for it; a Slurm job's output
 * file is copied as it is, and a line there that reads exactly as one of these would be taken for
 * it.
 */
public final class AttemptLines {

  private AttemptLines() {}

  public static final String SUCCEEDED = "succeeded";

  private static final Pattern STARTED = Pattern.compile("attempt (\\d+) of .*");
  private static final String FAILED = "failed: ";
  private static final String STOPPED = "stopped: ";

  /** How an attempt ended, as far as its log says. */
  public enum Outcome {
    SUCCEEDED,
    FAILED,
    /** Cancelled or timed out: stopped from outside. */
    STOPPED,
    /** It never wrote its end: its worker died or was stopped, and the next attempt took over. */
    LOST,
    /** It has not ended yet (or its worker died and no attempt followed yet). */
    RUNNING
  }

  /**
   * One attempt as its lines tell it.
   *
   * @param end when it ended; for a lost attempt, when the next one started; null while running
   */
  public record Attempt(int number, Instant start, Instant end, Outcome outcome) {}

  public static String started(int attempt, String function) {
    return "attempt " + attempt + " of " + function;
  }

  /** The end of a failed attempt: its type and the first line of its message. */
  public static String failed(String type, String message) {
    String first = message == null ? "" : message.lines().findFirst().orElse("");
    return FAILED + type + ": " + first;
  }

  public static String stopped(String why) {
    return STOPPED + why;
  }

  /**
   * The attempts in a log's lines, in the order they started. Lines that carry no timestamp (the
   * rest of a multi-line entry, such as a stack trace) are passed over.
   */
  public static List<Attempt> read(List<String> lines) {
    List<Attempt> attempts = new ArrayList<>();
    Integer number = null;
    Instant start = null;
    for (String line : lines) {
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      Instant at;
      try {
        at = Instant.parse(line.substring(0, space));
      } catch (DateTimeParseException e) {
        continue;
      }
      String text = line.substring(space + 1);
      Matcher started = STARTED.matcher(text);
      if (started.matches()) {
        if (number != null) {
          attempts.add(new Attempt(number, start, at, Outcome.LOST));
        }
        number = Integer.parseInt(started.group(1));
        start = at;
        continue;
      }
      Outcome ended = ending(text);
      if (number != null && ended != null) {
        attempts.add(new Attempt(number, start, at, ended));
        number = null;
      }
    }
    if (number != null) {
      attempts.add(new Attempt(number, start, null, Outcome.RUNNING));
    }
    return attempts;
  }

  private static Outcome ending(String text) {
    if (text.equals(SUCCEEDED)) {
      return Outcome.SUCCEEDED;
    }
    if (text.startsWith(FAILED)) {
      return Outcome.FAILED;
    }
    if (text.startsWith(STOPPED)) {
      return Outcome.STOPPED;
    }
    return null;
  }
}
