package dev.fanout.workflow.page;

import dev.fanout.job.StateCounts;

/**
 * A part of a job as the workflow that started it knows it: a page or a group of pages, with the
 * counts it last reported.
 *
 * @param workflowId the part's own workflow, which answers {@code counts} and {@code tasks} (a
 *     page) or {@code parts} (a group)
 */
public record PartStatus(String workflowId, boolean group, PartRef part, StateCounts reported) {

  /** Started and not yet through: its live counts may be ahead of the reported ones. */
  public boolean active() {
    return reported.done() < part.count() && reported.running() + reported.done() > 0;
  }
}
