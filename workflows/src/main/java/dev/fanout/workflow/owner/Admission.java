package dev.fanout.workflow.owner;

/**
 * An owner ledger's answer to a submission.
 *
 * @param maxParallel the window the job was started with: its request, cut to what the owner had
 *     left of {@link OwnerLimits#maxRunningSubJobs()}
 * @param limit when refused, the limit that was hit ({@code maxActiveJobs} or {@code
 *     maxRunningSubJobs}), with its value and what the owner holds of it
 */
public record Admission(
    boolean admitted, String jobId, int maxParallel, String limit, int limitValue, int held) {

  static Admission started(String jobId, int maxParallel) {
    return new Admission(true, jobId, maxParallel, null, 0, 0);
  }

  static Admission refused(String jobId, String limit, int limitValue, int held) {
    return new Admission(false, jobId, 0, limit, limitValue, held);
  }
}
