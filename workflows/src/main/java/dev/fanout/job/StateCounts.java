package dev.fanout.job;

/** How many sub-jobs are in each state. */
public record StateCounts(
    int pending, int running, int succeeded, int failed, int cancelled, int skipped) {

  public int total() {
    return pending + running + succeeded + failed + cancelled + skipped;
  }

  public int done() {
    return succeeded + failed + cancelled + skipped;
  }
}
