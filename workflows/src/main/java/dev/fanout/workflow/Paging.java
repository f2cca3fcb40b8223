package dev.fanout.workflow;

/**
 * How a job's sub-jobs are cut into pages, each run by its own child workflow, and the pages into
 * groups, so that no run's history nears Temporal's 10,240-event warning and no payload its limits,
 * whatever the job's size.
 *
 * @param pageSize at most this many sub-jobs per page
 * @param maxPageBytes at most this much JSON of sub-job specs per page: a page is loaded into its
 *     workflow as one payload
 * @param groupWidth the most parts (pages, or groups of pages) one workflow starts: each costs the
 *     run that starts it about 18 events (its start, its end, its progress reports and their
 *     workflow tasks). A job of more pages runs them in groups of groups, as deep as it takes.
 */
public record Paging(int itemsPerTask, int pageSize, int maxPageBytes, int groupWidth) {

  /** The events a page's run may spend, with room below the 10,240 warning. */
  static final int PAGE_EVENT_BUDGET = 8_000;

  /**
   * A sub-job costs its page's run at most 6 events (scheduled, started, completed, and a workflow
   * task); each slot of the window at most 7 more (received, passed on, and their workflow tasks).
   */
  static final int EVENTS_PER_SUB_JOB = 6;

  static final int EVENTS_PER_SLOT = 7;
  static final int MAX_PAGE_BYTES = 200 * 1024;

  /** How pages are sized and grouped; tests shrink it to reach groups with few sub-jobs. */
  public record Shape(int minPage, int maxPage, int groupWidth) {
    /** Pages of 100 to 1,000 sub-jobs, 256 parts to a workflow: 256,000 sub-jobs a level. */
    public static final Shape DEFAULT = new Shape(100, 1_000, 256);
  }

  /** The paging for a job whose window is {@code maxParallel} wide. */
  public static Paging forWindow(int maxParallel, int itemsPerTask) {
    return forWindow(maxParallel, itemsPerTask, Shape.DEFAULT);
  }

  public static Paging forWindow(int maxParallel, int itemsPerTask, Shape shape) {
    int fits = (PAGE_EVENT_BUDGET - EVENTS_PER_SLOT * maxParallel) / EVENTS_PER_SUB_JOB;
    int pageSize = Math.max(shape.minPage(), Math.min(shape.maxPage(), fits));
    return new Paging(itemsPerTask, pageSize, MAX_PAGE_BYTES, shape.groupWidth());
  }
}
