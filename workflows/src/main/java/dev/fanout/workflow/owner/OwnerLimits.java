package dev.fanout.workflow.owner;

import dev.fanout.job.JobSpec;
import java.util.Map;

/**
 * What one owner may hold at once, set by whoever runs the API and carried with each submission, so
 * a changed setting applies to the next job without touching running ones.
 *
 * @param maxActiveJobs jobs started and not yet ended
 * @param maxRunningSubJobs the sum of the windows (maxParallel) of those jobs: no owner ever has
 *     more sub-jobs running than this, however many jobs they start
 * @param weights owners' shares of a busy pool against one another ({@link JobSpec#fairnessWeight}
 *     of their jobs), {@value JobSpec#DEFAULT_FAIRNESS_WEIGHT} for an owner not named; null in a
 *     submission recorded before weights
 */
public record OwnerLimits(int maxActiveJobs, int maxRunningSubJobs, Map<String, Integer> weights) {

  public OwnerLimits {
    if (maxActiveJobs < 1 || maxRunningSubJobs < 1) {
      throw new IllegalArgumentException("limits must be at least 1: " + this);
    }
    weights = weights == null ? Map.of() : Map.copyOf(weights);
    weights.forEach(
        (owner, weight) -> {
          if (weight < 1 || weight > JobSpec.MAX_FAIRNESS_WEIGHT) {
            throw new IllegalArgumentException(
                "the weight of "
                    + owner
                    + " must be between 1 and "
                    + JobSpec.MAX_FAIRNESS_WEIGHT
                    + ", was "
                    + weight);
          }
        });
  }

  /** Every owner with the same weight. */
  public OwnerLimits(int maxActiveJobs, int maxRunningSubJobs) {
    this(maxActiveJobs, maxRunningSubJobs, Map.of());
  }

  public int weightOf(String owner) {
    return weights.getOrDefault(owner, JobSpec.DEFAULT_FAIRNESS_WEIGHT);
  }
}
