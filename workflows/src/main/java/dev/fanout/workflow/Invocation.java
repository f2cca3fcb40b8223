package dev.fanout.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.FunctionRef;

/**
 * One run of a function: the mapper with the job's input, a sub-job with its params, or the reducer
 * with the job's input and, by reference, every sub-job's result.
 *
 * @param taskIndex the sub-job's index; -1 for the mapper and reducer
 * @param results for the reducer, the URI of the job's results manifest (JSONL), which executors
 *     stream to it; null otherwise
 * @param cacheKey where the results cache keeps this invocation's output once it succeeds ({@code
 *     cache/OWNER/DIGEST}); null when its executor cannot say what it runs, or for jobs started
 *     before the cache
 * @param caching for the mapper and reducer, how their pool keys them in the results cache (a page
 *     keys its sub-jobs itself, in {@code cacheKey}); null for sub-jobs, for jobs that cache
 *     nothing and for jobs started before mappers and reducers were cached
 * @param share where it stands in a busy pool, which the worker reads from the activity's Temporal
 *     Priority ({@link #withShare}); it never travels in the payload, so it has one source
 */
public record Invocation(
    String jobId,
    Role role,
    int taskIndex,
    String taskKey,
    FunctionRef function,
    JsonNode input,
    String results,
    String cacheKey,
    FunctionCaching caching,
    @JsonIgnore Share share) {

  /** {@link Share#DEFAULT} until the worker has set it. */
  @Override
  public Share share() {
    return share != null ? share : Share.DEFAULT;
  }

  public static Invocation mapper(String jobId, FunctionRef function, JsonNode input) {
    return new Invocation(jobId, Role.MAPPER, -1, null, function, input, null, null, null, null);
  }

  public static Invocation task(
      String jobId, int index, String key, FunctionRef function, JsonNode params) {
    return new Invocation(jobId, Role.TASK, index, key, function, params, null, null, null, null);
  }

  public static Invocation reducer(
      String jobId, FunctionRef function, JsonNode input, String results) {
    return new Invocation(
        jobId, Role.REDUCER, -1, null, function, input, results, null, null, null);
  }

  /** This invocation with another input, such as its own read back from the blob store. */
  public Invocation withInput(JsonNode other) {
    return new Invocation(
        jobId, role, taskIndex, taskKey, function, other, results, cacheKey, caching, share);
  }

  /** This invocation running another function, such as its own resized. */
  public Invocation withFunction(FunctionRef other) {
    return new Invocation(
        jobId, role, taskIndex, taskKey, other, input, results, cacheKey, caching, share);
  }

  /** This invocation with its output to be kept in the results cache under {@code key}. */
  public Invocation withCacheKey(String key) {
    return new Invocation(
        jobId, role, taskIndex, taskKey, function, input, results, key, caching, share);
  }

  /** This invocation keyed by its pool as {@code how} says. */
  public Invocation withCaching(FunctionCaching how) {
    return new Invocation(
        jobId, role, taskIndex, taskKey, function, input, results, cacheKey, how, share);
  }

  /** This invocation as it stands in a busy pool. */
  public Invocation withShare(Share other) {
    return new Invocation(
        jobId, role, taskIndex, taskKey, function, input, results, cacheKey, caching, other);
  }

  /**
   * The name of this invocation's log within its job: {@code mapper}, {@code task-000042}, {@code
   * reducer}.
   */
  public String logName() {
    return logName(role, taskIndex);
  }

  public static String logName(Role role, int taskIndex) {
    if (role != Role.TASK) {
      return role.name().toLowerCase();
    }
    String digits = Integer.toString(taskIndex);
    return "task-" + "0".repeat(Math.max(0, 6 - digits.length())) + digits;
  }
}
