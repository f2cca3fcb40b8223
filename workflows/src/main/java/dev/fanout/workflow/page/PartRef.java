package dev.fanout.workflow.page;

/**
 * A run of a job's pages, {@code firstPage} to {@code lastPage}, holding sub-jobs {@code
 * firstIndex} to {@code firstIndex + count - 1}: what a group of pages runs.
 */
public record PartRef(int firstPage, int lastPage, int firstIndex, int count) {

  /** A single page. */
  public static PartRef of(PageRef page) {
    return new PartRef(page.page(), page.page(), page.firstIndex(), page.count());
  }

  int pages() {
    return lastPage - firstPage + 1;
  }
}
