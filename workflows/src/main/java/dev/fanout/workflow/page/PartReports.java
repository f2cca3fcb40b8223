package dev.fanout.workflow.page;

import dev.fanout.job.StateCounts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts a workflow's parts (pages, or groups of pages) last reported, by each part's first
 * page. Reports from one part may cross on their way, so one that says less is done than an earlier
 * one is kept out. Plain Java.
 */
public final class PartReports {

  private static final int REPORT_STEPS = 5;

  private final Map<Integer, StateCounts> reported = new HashMap<>();
  private int reportedStep;

  /** Takes a part's report; whether it changed anything. */
  public boolean take(PageReport report) {
    StateCounts previous = reported.get(report.page());
    if (previous == null || report.counts().done() >= previous.done()) {
      reported.put(report.page(), report.counts());
      return true;
    }
    return false;
  }

  /** What the part starting at {@code firstPage} last reported; all pending if nothing yet. */
  public StateCounts of(int firstPage, int count) {
    return reported.getOrDefault(firstPage, StateCounts.allPending(count));
  }

  public StateCounts sum(List<PartRef> parts) {
    StateCounts sum = StateCounts.NONE;
    for (PartRef part : parts) {
      sum = sum.plus(of(part.firstPage(), part.count()));
    }
    return sum;
  }

  /** The parts in order with their last reports: pages, or (when {@code groups}) groups. */
  public List<PartStatus> statuses(String jobId, List<PartRef> parts, boolean groups) {
    return parts.stream()
        .map(
            part ->
                new PartStatus(
                    groups
                        ? JobPageGroupWorkflow.id(jobId, part)
                        : JobPageWorkflow.id(jobId, part.firstPage()),
                    groups,
                    part,
                    of(part.firstPage(), part.count())))
        .toList();
  }

  /**
   * Whether these parts, {@code total} sub-jobs in all, have reached a step not passed on yet:
   * their first launch, and then every fifth of them done.
   */
  boolean due(List<PartRef> parts, int total) {
    return step(sum(parts), total) > reportedStep;
  }

  /** The step reached, now passed on. */
  void passedOn(List<PartRef> parts, int total) {
    reportedStep = step(sum(parts), total);
  }

  private static int step(StateCounts c, int total) {
    if (c.running() + c.done() == 0) {
      return 0;
    }
    return 1 + c.done() * REPORT_STEPS / Math.max(1, total);
  }
}
