package dev.fanout.app.cli;

import java.util.List;

/** Columns aligned with spaces, for terminals. */
final class TextTable {

  private TextTable() {}

  static String render(List<String> columns, List<List<String>> rows) {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = columns.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], cell(row, c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, columns, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      line.append(String.format("%-" + widths[c] + "s", cell(cells, c)));
      if (c < widths.length - 1) {
        line.append("  ");
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String cell(List<String> row, int c) {
    return c < row.size() && row.get(c) != null ? row.get(c) : "";
  }
}
