package dev.fanout.jobdata;

import dev.fanout.blobs.BlobStore;
import dev.fanout.cache.CacheEntries;
import dev.fanout.cache.PageCheck;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.workflow.CacheQuery;
import dev.fanout.workflow.JobDataActivities;
import dev.fanout.workflow.PageCache;
import dev.fanout.workflow.page.PageRef;
import dev.fanout.workflow.page.PartRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The workflow worker's local activities over the job's blob store. */
public final class JobDataActivitiesImpl implements JobDataActivities {

  private final BlobStore blobs;

  public JobDataActivitiesImpl(BlobStore blobs) {
    this.blobs = blobs;
  }

  @Override
  public List<SubJobSpec> loadPage(String uri) {
    try {
      return SubJobPages.load(blobs, uri);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load sub-job page " + uri, e);
    }
  }

  @Override
  public List<PageRef> loadPageRefs(String pagesUri, int firstPage, int lastPage) {
    try {
      return SubJobPages.pageRefs(blobs, pagesUri, firstPage, lastPage);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pages listed at " + pagesUri, e);
    }
  }

  @Override
  public List<PartRef> loadParts(String pagesUri, int firstPage, int lastPage, int pagesPerPart) {
    try {
      return SubJobPages.parts(blobs, pagesUri, firstPage, lastPage, pagesPerPart);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pages listed at " + pagesUri, e);
    }
  }

  @Override
  public PageCache checkCache(CacheQuery query) {
    try {
      return PageCheck.check(new CacheEntries(blobs), query);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the results cache", e);
    }
  }

  @Override
  public void jobEnded(String jobId) {
    try {
      blobs.deleteAll(JobKeys.running(jobId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark job " + jobId + " ended in its journal", e);
    }
  }

  @Override
  public void writePageResults(String jobId, int page, List<SubJobResult> results) {
    try {
      ResultManifest.writePage(blobs, jobId, page, results);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the results of page " + page, e);
    }
  }

  @Override
  public String writeManifest(String jobId, int pages) {
    try {
      return ResultManifest.join(blobs, jobId, pages).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the results manifest of " + jobId, e);
    }
  }
}
