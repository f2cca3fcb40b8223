package dev.fanout.workflow.page;

import dev.fanout.job.JobSpec;

/**
 * What a page's workflow is started with.
 *
 * @param spec the job's spec, without its input (a page does not need it)
 * @param jobTotal how many sub-jobs the whole job has
 * @param slots how many of the job's window slots the page starts with; the rest reach it from the
 *     page before
 * @param first whether this is the first page, which has no page before it to wait for
 * @param next the next page's workflow id, which gets this page's slots once it has launched all of
 *     its own sub-jobs; null for the last page
 * @param reportTo the group of pages that started the page, or null when its job did
 * @param abandonOnCancel stop waiting for a cancelled sub-job at once rather than ask the server to
 *     cancel it; the sub-job then stops at its next heartbeat, which finds its page gone. Jobs
 *     asked for it on Temporal's test server until the embedded server stopped wedging on such
 *     cancels ({@code EndedActivityCancelGuard}); pages started with it still take that path.
 */
public record PageRequest(
    String jobId,
    JobSpec spec,
    PageRef page,
    int jobTotal,
    int slots,
    boolean first,
    String next,
    boolean abandonOnCancel,
    String reportTo) {

  /** The workflow the page reports its counts to: its group, or (when null) its job. */
  public String reportsTo() {
    return reportTo != null ? reportTo : jobId;
  }
}
