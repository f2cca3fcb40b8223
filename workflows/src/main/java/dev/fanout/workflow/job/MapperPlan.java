package dev.fanout.workflow.job;

import dev.fanout.workflow.page.JobPageGroupWorkflow;
import dev.fanout.workflow.page.PageRef;
import java.util.List;

/**
 * What the mapper made of the job: how many sub-jobs, stored in which pages, in index order.
 *
 * @param pages the pages, when there are at most {@code groupWidth} of them; empty otherwise
 * @param pageCount how many pages there are (0 in plans made before groups: count {@code pages})
 * @param pagesUri where every page's {@link PageRef} is stored (a JSON array), for a job of more
 *     pages than one workflow starts: they run in groups ({@link JobPageGroupWorkflow}), which read
 *     their own range from it
 * @param groupWidth the most parts one workflow of this job starts
 */
public record MapperPlan(
    int total, List<PageRef> pages, int pageCount, String pagesUri, int groupWidth) {

  /** How many pages the job has. */
  public int pagesInAll() {
    return pagesUri == null ? pages.size() : pageCount;
  }

  /** Whether the pages run in groups rather than as the job's own children. */
  public boolean grouped() {
    return pagesUri != null;
  }
}
