package dev.fanout.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;

/**
 * One parent job as its owner wrote it. Fields that are not set get their defaults from {@link
 * #withDefaults()}; {@link JobSpecParser} reads and checks one from JSON.
 *
 * <p>With {@code itemsPerTask} above 1, the mapper's items are grouped into sub-jobs of that many
 * (as Step Functions' ItemBatcher does): a sub-job's params are then the JSON array of its items'
 * params, and its key {@code "first..last"}.
 *
 * <p>With {@code resume}, a sub-job whose key in the results cache (its function's identity, its
 * params and its input files, as {@code cache} says) names an earlier successful run of its owner
 * reuses that run's output instead of running.
 */
public record JobSpec(
    String owner,
    FunctionRef mapper,
    FunctionRef task,
    FunctionRef reducer,
    JsonNode input,
    Integer maxParallel,
    RetrySpec retry,
    FailurePolicy failurePolicy,
    Duration taskTimeout,
    Integer itemsPerTask,
    Integer priority,
    Integer fairnessWeight,
    Boolean resume,
    CacheSpec cache) {

  public static final int DEFAULT_MAX_PARALLEL = 20;

  /**
   * Temporal keeps about 2,000 activities pending per workflow run; a window wider than that cannot
   * be honoured.
   */
  public static final int MAX_PARALLEL_LIMIT = 2000;

  public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofHours(6);
  public static final int MAX_ITEMS_PER_TASK = 100_000;

  /**
   * The most JSON a mapper, task or reducer function may take. Each invocation carries its
   * function, so a page's history holds a copy per sub-job: 1,000 of these stay well below the 50
   * MB a Temporal history may reach.
   */
  public static final int MAX_FUNCTION_BYTES = 16 * 1024;

  public static final String DEFAULT_OWNER = "anonymous";

  /** Temporal's scale: 1 runs first, 5 last; 3 when unset, as Temporal takes an unset key. */
  public static final int HIGHEST_PRIORITY = 1;

  public static final int LOWEST_PRIORITY = 5;
  public static final int DEFAULT_PRIORITY = 3;

  /**
   * An owner's share of a busy pool relative to other owners' (Temporal's fairness weight, which it
   * clamps to 1,000). Set by the operator for each owner ({@code serve --owner-weight}), which the
   * owner's ledger writes into each job it starts.
   */
  public static final int DEFAULT_FAIRNESS_WEIGHT = 1;

  public static final int MAX_FAIRNESS_WEIGHT = 1000;

  /** This spec without its input, for the workflows that run its pages and do not need it. */
  public JobSpec withoutInput() {
    return new JobSpec(
        owner,
        mapper,
        task,
        reducer,
        NullNode.getInstance(),
        maxParallel,
        retry,
        failurePolicy,
        taskTimeout,
        itemsPerTask,
        priority,
        fairnessWeight,
        resume,
        cache);
  }

  /** This spec with the failure policy a running job was given since it started. */
  public JobSpec withFailurePolicy(FailurePolicy policy) {
    return new JobSpec(
        owner,
        mapper,
        task,
        reducer,
        input,
        maxParallel,
        retry,
        policy,
        taskTimeout,
        itemsPerTask,
        priority,
        fairnessWeight,
        resume,
        cache);
  }

  public JobSpec withDefaults() {
    return new JobSpec(
        owner != null ? owner : DEFAULT_OWNER,
        mapper,
        task,
        reducer,
        input != null ? input : NullNode.getInstance(),
        maxParallel != null ? maxParallel : DEFAULT_MAX_PARALLEL,
        retry != null ? retry.withDefaults() : RetrySpec.DEFAULT,
        failurePolicy != null ? failurePolicy : FailurePolicy.NONE_TOLERATED,
        taskTimeout != null ? taskTimeout : DEFAULT_TASK_TIMEOUT,
        itemsPerTask != null ? itemsPerTask : 1,
        priority != null ? priority : DEFAULT_PRIORITY,
        fairnessWeight != null ? fairnessWeight : DEFAULT_FAIRNESS_WEIGHT,
        resume != null && resume,
        cache != null ? cache.withDefaults() : CacheSpec.DEFAULT);
  }

  /** Whether this job reuses earlier runs' outputs (only after {@link #withDefaults()}). */
  public boolean reuses() {
    return Boolean.TRUE.equals(resume);
  }
}
