package dev.fanout.app;

import dev.fanout.workflow.owner.OwnedJob;
import java.util.List;
import java.util.Objects;

/**
 * A job's place among redrives, as its owner's ledger recorded it.
 *
 * @param redriveOf the job whose unsucceeded sub-jobs this one runs again, if any
 * @param redrives the jobs that run this one's unsucceeded sub-jobs again, newest first
 */
public record Lineage(String redriveOf, List<String> redrives) {

  /** From the owner's jobs: the one the ledger says {@code jobId} redrives, and its redrives. */
  public static Lineage of(String jobId, List<OwnedJob> owned) {
    return new Lineage(
        owned.stream()
            .filter(j -> j.jobId().equals(jobId))
            .map(OwnedJob::redriveOf)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null),
        owned.stream().filter(j -> jobId.equals(j.redriveOf())).map(OwnedJob::jobId).toList());
  }
}
