package dev.fanout.workflow;

/**
 * What one owner may hold at once, set by whoever runs the API and carried with each submission, so
 * a changed setting applies to the next job without touching running ones.
 *
 * @param maxActiveJobs jobs started and not yet ended
 * @param maxRunningSubJobs the sum of the windows (maxParallel) of those jobs: no owner ever has
 *     more sub-jobs running than this, however many jobs they start
 */
public record OwnerLimits(int maxActiveJobs, int maxRunningSubJobs) {

  public OwnerLimits {
    if (maxActiveJobs < 1 || maxRunningSubJobs < 1) {
      throw new IllegalArgumentException("limits must be at least 1: " + this);
    }
  }
}
