package dev.fanout.app.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The rows of one bench run, each with its ratio to its own baseline row. */
public final class BenchTable {

  public static final List<String> COLUMNS =
      List.of(
          "what",
          "n",
          "maxParallel",
          "wall s",
          "per s",
          "ms per item per slot",
          "ratio to baseline",
          "also");

  private final List<BenchRow> rows = new ArrayList<>();
  private final PrintWriter progress;

  /**
   * @param progress where each row is printed as soon as it is measured, so a failure late in a
   *     long run loses none of what was measured before it
   */
  public BenchTable(PrintWriter progress) {
    this.progress = progress;
  }

  /** Adds one family's rows; each row's baseline must be in the table by then (or among them). */
  public void add(List<BenchRow> measured) {
    for (BenchRow row : measured) {
      if (row.baseline() != null && rows.stream().noneMatch(r -> r == row.baseline())) {
        throw new IllegalArgumentException(
            "bench row '"
                + row.what()
                + "': its baseline '"
                + row.baseline().what()
                + "' is not in the table");
      }
      rows.add(row);
      progress.printf(
          "measured: %s, n %d, maxParallel %d: %.3f s %s%n",
          row.what(), row.n(), row.maxParallel(), row.seconds(), row.note());
    }
    progress.flush();
  }

  /** The table's cells under {@link #COLUMNS}, a list per row. */
  public List<List<String>> cells() {
    List<List<String>> cells = new ArrayList<>();
    for (BenchRow row : rows) {
      cells.add(
          List.of(
              row.what(),
              String.valueOf(row.n()),
              String.valueOf(row.maxParallel()),
              String.format("%.3f", row.seconds()),
              String.format("%.0f", row.perSecond()),
              String.format("%.1f", row.seconds() * 1000 / row.n() * row.maxParallel()),
              String.format("%.4f", row.ratio()),
              row.note()));
    }
    return cells;
  }
}
