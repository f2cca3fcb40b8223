package dev.fanout.workflow.page;

import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobSpec;
import dev.fanout.job.SubJobSpec;
import dev.fanout.workflow.CacheHit;
import dev.fanout.workflow.CacheQuery;
import dev.fanout.workflow.FunctionActivities;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.JobDataActivities;
import dev.fanout.workflow.PageCache;
import dev.fanout.workflow.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * A page's use of the results cache: asks the task's pool once what it runs ({@code Identify}),
 * keys the page's sub-jobs and, for a job that resumes, looks them all up in one local activity
 * ({@code CheckCache}). Each launched sub-job carries its key, under which its pool keeps its
 * output once it succeeds. Pages started before the cache ({@link #RESULTS_CACHE}) do none of this.
 */
final class PageCaching {

  /** The {@code Workflow.getVersion} change id of the results cache. */
  static final String RESULTS_CACHE = "results-cache";

  private static final Logger log = Workflow.getLogger(PageCaching.class);

  private static final PageCaching NONE = new PageCaching(0, List.of(), List.of());

  private final int firstIndex;
  private final List<String> keys;
  private final List<CacheHit> hits;

  private PageCaching(int firstIndex, List<String> keys, List<CacheHit> hits) {
    this.firstIndex = firstIndex;
    this.keys = keys;
    this.hits = hits;
  }

  /**
   * A cache that cannot be checked (its store unreadable, a bug) must not hold the page up: after a
   * few tries the page runs everything, as without a cache.
   */
  private static final LocalActivityOptions CHECK =
      LocalActivityOptions.newBuilder(JobDataActivities.OPTIONS)
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  static PageCaching check(PageRequest request, List<SubJobSpec> specs) {
    if (Workflow.getVersion(RESULTS_CACHE, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return NONE;
    }
    JobSpec spec = request.spec();
    if (spec.cache().off()) {
      return NONE;
    }
    String identity = identity(spec.task());
    if (identity == null) {
      return NONE;
    }
    int first = request.page().firstIndex();
    JobDataActivities data = Workflow.newLocalActivityStub(JobDataActivities.class, CHECK);
    PageCache cache;
    try {
      cache =
          data.checkCache(
              new CacheQuery(
                  spec.owner(), spec.task(), identity, spec.cache(), spec.reuses(), first, specs));
    } catch (ActivityFailure e) {
      log.warn("no results cache for this page: {}", e.getCause().getMessage());
      return NONE;
    }
    return new PageCaching(first, cache.keys(), cache.hits());
  }

  /**
   * What the task's pool runs, or null when it cannot say or does not answer: then the page runs
   * every sub-job and caches nothing, as before the cache.
   */
  private static String identity(FunctionRef task) {
    FunctionActivities pool =
        Workflow.newActivityStub(
            FunctionActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.forExecutor(task.executor()))
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setSummary("identify " + task.describe())
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                .build());
    try {
      return pool.identify(task);
    } catch (ActivityFailure e) {
      log.warn("no results cache for this page: {}", e.getCause().getMessage());
      return null;
    }
  }

  /** The sub-jobs an earlier run already gave outputs for. */
  List<CacheHit> hits() {
    return hits;
  }

  /** The invocation with its cache key, when the page has keys. */
  Invocation keyed(Invocation invocation) {
    return keys.isEmpty()
        ? invocation
        : invocation.withCacheKey(keys.get(invocation.taskIndex() - firstIndex));
  }
}
