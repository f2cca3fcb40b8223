package dev.fanout.job;

/** How many sub-jobs are in each state. */
public record StateCounts(
    int pending, int running, int succeeded, int failed, int cancelled, int skipped, int cached) {

  public static final StateCounts NONE = new StateCounts(0, 0, 0, 0, 0, 0);

  /** Counts with none cached, as every job had before the results cache. */
  public StateCounts(
      int pending, int running, int succeeded, int failed, int cancelled, int skipped) {
    this(pending, running, succeeded, failed, cancelled, skipped, 0);
  }

  public static StateCounts allPending(int count) {
    return new StateCounts(count, 0, 0, 0, 0, 0);
  }

  public int total() {
    return pending + running + done();
  }

  public int done() {
    return succeeded + failed + cancelled + skipped + cached;
  }

  /** {@code ", N cached"} for a summary line when any are, else nothing. */
  public String cachedNote() {
    return cached > 0 ? ", " + cached + " cached" : "";
  }

  public StateCounts plus(StateCounts o) {
    return new StateCounts(
        pending + o.pending,
        running + o.running,
        succeeded + o.succeeded,
        failed + o.failed,
        cancelled + o.cancelled,
        skipped + o.skipped,
        cached + o.cached);
  }
}
