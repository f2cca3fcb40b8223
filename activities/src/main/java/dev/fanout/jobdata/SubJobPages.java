package dev.fanout.jobdata;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.Json;
import dev.fanout.job.MapperOutput;
import dev.fanout.job.SubJobBatches;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.Role;
import dev.fanout.workflow.job.MapperPlan;
import dev.fanout.workflow.page.PageRef;
import dev.fanout.workflow.page.PartRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** A job's sub-job specs, cut into pages and stored, so only page references travel. */
public final class SubJobPages {

  private static final TypeReference<List<SubJobSpec>> SPECS = new TypeReference<>() {};
  private static final TypeReference<List<PageRef>> PAGE_REFS = new TypeReference<>() {};

  private SubJobPages() {}

  /**
   * Cuts sub-jobs into pages of at most {@code paging.pageSize()} sub-jobs and {@code
   * paging.maxPageBytes()} of JSON, as they come: each page goes to {@code store} as soon as it is
   * full, so a job of any size is never held whole. Throws {@link IllegalArgumentException} when
   * one sub-job alone is too large.
   */
  static void cut(Iterator<SubJobSpec> subJobs, Paging paging, PageSink store) throws IOException {
    List<SubJobSpec> page = new ArrayList<>();
    long pageBytes = 0;
    for (int i = 0; subJobs.hasNext(); i++) {
      SubJobSpec subJob = subJobs.next();
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
        store.page(page);
        page = new ArrayList<>();
        pageBytes = 0;
      }
      page.add(subJob);
      pageBytes += bytes;
    }
    if (!page.isEmpty()) {
      store.page(page);
    }
  }

  /** Where {@link #cut} puts each page. */
  @FunctionalInterface
  interface PageSink {
    void page(List<SubJobSpec> page) throws IOException;
  }

  /** {@link #cut} into a list, for tests and small jobs. */
  static List<List<SubJobSpec>> cut(List<SubJobSpec> subJobs, Paging paging) throws IOException {
    List<List<SubJobSpec>> pages = new ArrayList<>();
    cut(subJobs.iterator(), paging, pages::add);
    return pages;
  }

  /**
   * Checks and stores the mapper's sub-jobs as they come; throws IllegalArgumentException if one is
   * bad. The plan lists its pages when one workflow can start them all ({@link
   * Paging#groupWidth()}); otherwise it says where their list is stored, for the groups of pages
   * that will run them. {@code progress} is called after every page, for a heartbeat.
   */
  public static MapperPlan store(
      BlobStore blobs, String jobId, Iterator<SubJobSpec> subJobs, Paging paging, Runnable progress)
      throws IOException {
    List<PageRef> refs = new ArrayList<>();
    int[] total = {0};
    cut(
        byReference(blobs, jobId, subJobs, paging),
        paging,
        page -> {
          int index = refs.size();
          URI uri =
              blobs.put(JobKeys.subJobPage(jobId, index), Json.MAPPER.writeValueAsBytes(page));
          refs.add(new PageRef(index, total[0], page.size(), uri.toString()));
          total[0] += page.size();
          progress.run();
        });
    if (refs.size() <= paging.groupWidth()) {
      return new MapperPlan(total[0], refs, refs.size(), null, paging.groupWidth());
    }
    URI listed = blobs.put(JobKeys.pageList(jobId), Json.MAPPER.writeValueAsBytes(refs));
    return new MapperPlan(total[0], List.of(), refs.size(), listed.toString(), paging.groupWidth());
  }

  public static MapperPlan store(
      BlobStore blobs, String jobId, List<SubJobSpec> subJobs, Paging paging) throws IOException {
    return store(blobs, jobId, subJobs.iterator(), paging, () -> {});
  }

  /** Pages {@code first..last} of a job whose page list is stored at {@code uri}. */
  static List<PageRef> pageRefs(BlobStore blobs, String uri, int first, int last)
      throws IOException {
    List<PageRef> all;
    try (InputStream in = blobs.open(URI.create(uri))) {
      all = Json.MAPPER.readValue(in, PAGE_REFS);
    }
    return List.copyOf(all.subList(first, last + 1));
  }

  /**
   * Pages {@code first..last} cut into runs of {@code perPart}, each with the sub-jobs it holds:
   * the parts a group of pages starts.
   */
  static List<PartRef> parts(BlobStore blobs, String uri, int first, int last, int perPart)
      throws IOException {
    List<PageRef> pages = pageRefs(blobs, uri, first, last);
    List<PartRef> parts = new ArrayList<>();
    for (int from = 0; from < pages.size(); from += perPart) {
      List<PageRef> run = pages.subList(from, Math.min(from + perPart, pages.size()));
      PageRef head = run.get(0);
      PageRef tail = run.get(run.size() - 1);
      parts.add(
          new PartRef(
              head.page(),
              tail.page(),
              head.firstIndex(),
              tail.firstIndex() + tail.count() - head.firstIndex()));
    }
    return parts;
  }

  /**
   * The sub-jobs, each one too large for a page with its params stored apart and passed by
   * reference ({@link PayloadRef}): the sub-job's activity reads them back for its function.
   */
  private static Iterator<SubJobSpec> byReference(
      BlobStore blobs, String jobId, Iterator<SubJobSpec> subJobs, Paging paging) {
    return new Iterator<>() {
      private int index;

      @Override
      public boolean hasNext() {
        return subJobs.hasNext();
      }

      @Override
      public SubJobSpec next() {
        SubJobSpec subJob = subJobs.next();
        int i = index++;
        if (Json.size(subJob) <= paging.maxPageBytes()) {
          return subJob;
        }
        String key = JobKeys.params(jobId, Invocation.logName(Role.TASK, i));
        try {
          return new SubJobSpec(
              subJob.key(), PayloadRef.store(blobs, key, subJob.params()), subJob.resources());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot store the params of sub-job " + i, e);
        }
      }
    };
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
        if (!result.state().hasOutput()) {
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

  /**
   * Reads a mapper's items as they come, groups them per {@code paging.itemsPerTask()} and stores
   * them ({@link #store}); throws IllegalArgumentException naming the first bad items once all are
   * read.
   */
  public static MapperPlan storeMapped(
      BlobStore blobs, String jobId, Iterator<JsonNode> items, Paging paging, Runnable progress)
      throws IOException {
    MapperOutput.Items read = new MapperOutput.Items(items);
    MapperPlan plan =
        store(blobs, jobId, SubJobBatches.group(read, paging.itemsPerTask()), paging, progress);
    read.check();
    return plan;
  }

  /** The mapper's output as sub-jobs of {@code itemsPerTask} items each. */
  public static List<SubJobSpec> parse(JsonNode output, int itemsPerTask) {
    return SubJobBatches.group(MapperOutput.parse(output), itemsPerTask);
  }
}
