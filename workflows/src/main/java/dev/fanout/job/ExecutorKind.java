package dev.fanout.job;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The executors a function reference can name, and what the spec and the workflow need of each: its
 * name (the pool and task queue), the field its function reference must fill, its ceiling on one
 * run and whether it records what its runs used. Pure data, so the workflow reads it too; how each
 * one's pool is built lives with the workers ({@code ExecutorPools}).
 */
public enum ExecutorKind {
  JAVA(
      "java",
      new Requirement("handler", "the name of a registered handler", f -> present(f.handler())),
      null,
      false),
  PROCESS(
      "process",
      new Requirement(
          "command",
          "the argument vector, such as [\"seqkit\", \"stats\", \"reads.fa\"]",
          f -> present(f.command())),
      null,
      false),
  DOCKER(
      "docker",
      new Requirement(
          "image", "a local image such as \"kbase/assembler:1.2\"", f -> present(f.image())),
      null,
      false),
  LAMBDA(
      "lambda",
      new Requirement("function", "a Lambda function name or ARN", f -> present(f.function())),
      // Lambda's own ceiling on a function's run.
      Duration.ofMinutes(15),
      false),
  SLURM(
      "slurm",
      new Requirement(
          "command",
          "the argument vector of the batch job, such as [\"kallisto\", \"quant\", ...]",
          f -> present(f.command())),
      null,
      true);

  /** Room past a run's own ceiling for the call around it: a cold start, a retried throttle. */
  private static final Duration CALL_MARGIN = Duration.ofMinutes(1);

  /** What a function reference must fill for this executor to know what to run. */
  public record Requirement(String field, String what, Predicate<FunctionRef> met) {}

  private final String id;
  private final Requirement requirement;
  private final Duration maxRun;
  private final boolean recordsUsage;

  ExecutorKind(String id, Requirement requirement, Duration maxRun, boolean recordsUsage) {
    this.id = id;
    this.requirement = requirement;
    this.maxRun = maxRun;
    this.recordsUsage = recordsUsage;
  }

  /** The name a function reference gives, which is also its pool's and task queue's. */
  public String id() {
    return id;
  }

  public Requirement requirement() {
    return requirement;
  }

  /** The platform's ceiling on one run, or null when only the job's task timeout bounds it. */
  public Duration maxRun() {
    return maxRun;
  }

  /** Whether its runs' resource use is recorded, which {@code resources.auto} learns from. */
  public boolean recordsUsage() {
    return recordsUsage;
  }

  /**
   * How long one attempt may take: the job's task timeout; under a platform ceiling, no longer than
   * the function itself may run (its walltime, at most the ceiling) plus a margin, so a lost call
   * is retried without waiting hours.
   */
  public Duration timeout(FunctionRef function, Duration taskTimeout) {
    if (maxRun == null) {
      return taskTimeout;
    }
    Duration walltime =
        function.resources() != null && function.resources().walltime() != null
            ? function.resources().walltime()
            : maxRun;
    Duration bound = (walltime.compareTo(maxRun) < 0 ? walltime : maxRun).plus(CALL_MARGIN);
    return bound.compareTo(taskTimeout) < 0 ? bound : taskTimeout;
  }

  /** The executor a function reference names by {@code id}, if there is one. */
  public static Optional<ExecutorKind> named(String id) {
    return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst();
  }

  /** Every executor's name, sorted: what an error lists as expected. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(ExecutorKind::id).sorted().toList();
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  private static boolean present(List<String> list) {
    return list != null && !list.isEmpty();
  }
}
