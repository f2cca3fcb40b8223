package dev.fanout.workflow.owner;

import dev.fanout.job.JobPhase;
import java.time.Instant;

/**
 * One of an owner's jobs as the ledger knows it.
 *
 * @param phase RUNNING from its start until the job reports how it ended
 * @param redriveOf the job this one redrives, if any
 */
public record OwnedJob(
    String jobId, Instant submittedAt, int maxParallel, JobPhase phase, String redriveOf) {

  boolean active() {
    return phase == JobPhase.RUNNING;
  }

  OwnedJob rescaled(int window) {
    return new OwnedJob(jobId, submittedAt, window, phase, redriveOf);
  }

  OwnedJob ended(JobPhase how) {
    return new OwnedJob(jobId, submittedAt, maxParallel, how, redriveOf);
  }
}
