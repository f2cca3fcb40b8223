package dev.fanout.app.bench;

/**
 * One line of the bench's table: {@code n} items at {@code maxParallel} took {@code seconds}.
 *
 * @param baseline the row of the same run this one is a ratio to, held by reference because two
 *     families may name their baselines alike; null when this row is a baseline
 * @param note what else this row measured
 */
public record BenchRow(
    String what, int n, int maxParallel, double seconds, BenchRow baseline, String note) {

  static BenchRow baseline(String what, int n, int maxParallel, double seconds) {
    return new BenchRow(what, n, maxParallel, seconds, null, "");
  }

  static BenchRow against(BenchRow baseline, String what, int n, int maxParallel, double seconds) {
    return new BenchRow(what, n, maxParallel, seconds, baseline, "");
  }

  BenchRow withNote(String note) {
    return new BenchRow(what, n, maxParallel, seconds, baseline, note);
  }

  double perSecond() {
    return n / seconds;
  }

  /** This row's throughput over its baseline's. */
  double ratio() {
    return baseline == null ? 1 : perSecond() / baseline.perSecond();
  }
}
