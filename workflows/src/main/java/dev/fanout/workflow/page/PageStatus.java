package dev.fanout.workflow.page;

import dev.fanout.job.StateCounts;

/** A page and its counts as it last reported them to its job. */
public record PageStatus(PageRef page, StateCounts reported) {

  /** Started and not yet through: its live counts may be ahead of the reported ones. */
  public boolean active() {
    return reported.done() < page.count() && reported.running() + reported.done() > 0;
  }
}
