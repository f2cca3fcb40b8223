package dev.fanout.jobdata;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.Json;
import dev.fanout.job.MapperOutput;
import dev.fanout.job.SubJobBatches;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.MapperPlan;
import dev.fanout.workflow.PageRef;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A job's sub-job specs, cut into pages and stored, so only page references travel. */
public final class SubJobPages {

  private static final TypeReference<List<SubJobSpec>> SPECS = new TypeReference<>() {};

  private SubJobPages() {}

  /**
   * Cuts {@code subJobs} into pages of at most {@code paging.pageSize()} sub-jobs and {@code
   * paging.maxPageBytes()} of JSON. Throws {@link IllegalArgumentException} when one sub-job alone
   * is too large or the job needs more than {@code paging.maxPages()} pages.
   */
  static List<List<SubJobSpec>> cut(List<SubJobSpec> subJobs, Paging paging) {
    List<List<SubJobSpec>> pages = new ArrayList<>();
    List<SubJobSpec> page = new ArrayList<>();
    long pageBytes = 0;
    for (int i = 0; i < subJobs.size(); i++) {
      SubJobSpec subJob = subJobs.get(i);
      int bytes = Json.size(subJob);
      if (bytes > paging.maxPageBytes()) {
        throw new IllegalArgumentException(
            "mapper output["
                + i
                + "]: "
                + bytes
                + " bytes without its params, more than the "
                + paging.maxPageBytes()
                + " a page holds; shorten its key");
      }
      if (page.size() == paging.pageSize() || pageBytes + bytes > paging.maxPageBytes()) {
        pages.add(page);
        page = new ArrayList<>();
        pageBytes = 0;
      }
      page.add(subJob);
      pageBytes += bytes;
    }
    if (!page.isEmpty()) {
      pages.add(page);
    }
    if (pages.size() > paging.maxPages()) {
      throw new IllegalArgumentException(
          "mapper output: "
              + subJobs.size()
              + " sub-jobs need "
              + pages.size()
              + " pages, more than the "
              + paging.maxPages()
              + " a job may have; set itemsPerTask to run several items per sub-job");
    }
    return pages;
  }

  /**
   * Groups, checks and stores the mapper's output; throws IllegalArgumentException if it is bad.
   */
  public static MapperPlan store(
      BlobStore blobs, String jobId, List<SubJobSpec> subJobs, Paging paging) throws IOException {
    List<List<SubJobSpec>> pages = cut(byReference(blobs, jobId, subJobs, paging), paging);
    List<PageRef> refs = new ArrayList<>(pages.size());
    int first = 0;
    for (List<SubJobSpec> page : pages) {
      int index = refs.size();
      URI uri = blobs.put(JobKeys.subJobPage(jobId, index), Json.MAPPER.writeValueAsBytes(page));
      refs.add(new PageRef(index, first, page.size(), uri.toString()));
      first += page.size();
    }
    return new MapperPlan(subJobs.size(), refs);
  }

  /**
   * The sub-jobs, each one too large for a page with its params stored apart and passed by
   * reference ({@link PayloadRef}): the sub-job's activity reads them back for its function.
   */
  private static List<SubJobSpec> byReference(
      BlobStore blobs, String jobId, List<SubJobSpec> subJobs, Paging paging) throws IOException {
    List<SubJobSpec> fitted = new ArrayList<>(subJobs.size());
    for (int i = 0; i < subJobs.size(); i++) {
      SubJobSpec subJob = subJobs.get(i);
      if (Json.size(subJob) > paging.maxPageBytes()) {
        String key = JobKeys.params(jobId, Invocation.logName(Role.TASK, i));
        subJob =
            new SubJobSpec(
                subJob.key(), PayloadRef.store(blobs, key, subJob.params()), subJob.resources());
      }
      fitted.add(subJob);
    }
    return fitted;
  }

  static List<SubJobSpec> load(BlobStore blobs, String uri) throws IOException {
    try (InputStream in = blobs.open(URI.create(uri))) {
      return Json.MAPPER.readValue(in, SPECS);
    }
  }

  /**
   * The sub-jobs of a finished job that did not succeed (failed, cancelled or skipped), as its
   * mapper gave them (key, params, resources), in index order: what a redrive runs again. Throws
   * NoSuchFileException if the job wrote no results (it never got past its mapper).
   */
  public static List<SubJobSpec> notSucceeded(BlobStore blobs, String jobId) throws IOException {
    Set<Integer> redo = new HashSet<>();
    try (ResultManifest.Results results =
        ResultManifest.read(blobs, blobs.uri(JobKeys.manifest(jobId)).toString())) {
      for (SubJobResult result : results) {
        if (result.state() != SubJobState.SUCCEEDED) {
          redo.add(result.index());
        }
      }
    }
    List<SubJobSpec> specs = new ArrayList<>();
    int first = 0;
    for (int page = 0; specs.size() < redo.size(); page++) {
      List<SubJobSpec> onPage = load(blobs, blobs.uri(JobKeys.subJobPage(jobId, page)).toString());
      for (int i = 0; i < onPage.size(); i++) {
        if (redo.contains(first + i)) {
          // Params stored apart are this job's: the redrive's mapper stores them again as its own.
          SubJobSpec spec = onPage.get(i);
          String key = JobKeys.params(jobId, Invocation.logName(Role.TASK, first + i));
          specs.add(
              new SubJobSpec(
                  spec.key(), PayloadRef.resolve(blobs, key, spec.params()), spec.resources()));
        }
      }
      first += onPage.size();
    }
    return specs;
  }

  /** The mapper's output as sub-jobs of {@code itemsPerTask} items each. */
  public static List<SubJobSpec> parse(JsonNode output, int itemsPerTask) {
    return SubJobBatches.group(MapperOutput.parse(output), itemsPerTask);
  }
}
