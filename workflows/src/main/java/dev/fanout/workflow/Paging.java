package dev.fanout.workflow;

/**
 * How a job's sub-jobs are cut into pages, each run by its own child workflow, so that no run's
 * history nears Temporal's 10,240-event warning and no payload its limits, whatever the job's size.
 *
 * @param pageSize at most this many sub-jobs per page
 * @param maxPageBytes at most this much JSON of sub-job specs per page: a page is loaded into its
 *     workflow as one payload
 * @param maxPages the most pages one job may have: each costs its job's run about 18 events (its
 *     start, its end, its progress reports and their workflow tasks)
 */
public record Paging(int itemsPerTask, int pageSize, int maxPageBytes, int maxPages) {

  /** The events a page's run may spend, with room below the 10,240 warning. */
  static final int PAGE_EVENT_BUDGET = 8_000;

  /**
   * A sub-job costs its page's run at most 6 events (scheduled, started, completed, and a workflow
   * task); each slot of the window at most 7 more (received, passed on, and their workflow tasks).
   */
  static final int EVENTS_PER_SUB_JOB = 6;

  static final int EVENTS_PER_SLOT = 7;
  static final int MIN_PAGE = 100;
  static final int MAX_PAGE = 1_000;
  static final int MAX_PAGE_BYTES = 200 * 1024;
  static final int MAX_PAGES = 400;

  /** The paging for a job whose window is {@code maxParallel} wide. */
  public static Paging forWindow(int maxParallel, int itemsPerTask) {
    int fits = (PAGE_EVENT_BUDGET - EVENTS_PER_SLOT * maxParallel) / EVENTS_PER_SUB_JOB;
    int pageSize = Math.max(MIN_PAGE, Math.min(MAX_PAGE, fits));
    return new Paging(itemsPerTask, pageSize, MAX_PAGE_BYTES, MAX_PAGES);
  }
}
