package dev.fanout.workflow;

import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.workflow.page.PageRef;
import dev.fanout.workflow.page.PartRef;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.LocalActivityOptions;
import java.time.Duration;
import java.util.List;

/**
 * A job's data in the blob store, read and written as local activities of the workflow worker: a
 * local activity's arguments stay out of the history, so a page's results reach the store without
 * becoming a payload.
 */
@ActivityInterface
public interface JobDataActivities {

  /** How the workflows call them: the store may be S3, so give each call a while. */
  LocalActivityOptions OPTIONS =
      LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).build();

  @ActivityMethod(name = "LoadPage")
  List<SubJobSpec> loadPage(String uri);

  /** Pages {@code firstPage..lastPage} as listed at {@code pagesUri}. */
  @ActivityMethod(name = "LoadPageRefs")
  List<PageRef> loadPageRefs(String pagesUri, int firstPage, int lastPage);

  /**
   * Pages {@code firstPage..lastPage} cut into runs of {@code pagesPerPart} (the last maybe
   * shorter), each with the sub-jobs it holds.
   */
  @ActivityMethod(name = "LoadParts")
  List<PartRef> loadParts(String pagesUri, int firstPage, int lastPage, int pagesPerPart);

  /**
   * Keys a page's sub-jobs in the results cache (reading their input files' fingerprints) and, when
   * the job asked to reuse outputs, looks every key up: one call per page, not one per sub-job.
   */
  @ActivityMethod(name = "CheckCache")
  PageCache checkCache(CacheQuery query);

  /**
   * The job has ended (however it ended): its journal no longer lists it among the jobs to resume
   * when an embedded server starts again.
   */
  @ActivityMethod(name = "JobEnded")
  void jobEnded(String jobId);

  /** Stores one page's part of the results manifest, replacing an earlier try's. */
  @ActivityMethod(name = "WritePageResults")
  void writePageResults(String jobId, int page, List<SubJobResult> results);

  /** Joins the pages' parts into the job's results manifest and returns its URI. */
  @ActivityMethod(name = "WriteManifest")
  String writeManifest(String jobId, int pages);
}
