package dev.fanout.job;

/**
 * Why an invocation failed, as Fanout names it: the {@link ErrorInfo#type()} of results, the
 * activity failure's type in histories. The names are persisted: never rename one. A type the
 * function or platform named itself (a handler's exception class, a Lambda's {@code errorType}, a
 * Slurm state) passes through as that name instead.
 */
public enum FailureType {
  /** Ran past its walltime or its attempt's timeout. */
  TIMEOUT("Timeout", true),
  /** Stopped by a cancel, Fanout's or the platform's. */
  CANCELLED("Cancelled", true),
  /** Killed at its memory limit. */
  OUT_OF_MEMORY("OutOfMemory", true),
  /** A command that exited with another code than 0. */
  NON_ZERO_EXIT("NonZeroExit", true),
  /** A command that exited 0 without writing its output. */
  MISSING_OUTPUT("MissingOutput", true),
  /** A command whose output is not JSON. */
  MALFORMED_OUTPUT("MalformedOutput", true),
  /** A Lambda function's error that names no type of its own. */
  FUNCTION_ERROR("FunctionError", true),
  /** The function refused its input; a retry would be given the same. */
  INVALID_INPUT("InvalidInput", false),
  /** The function reference names something the executor cannot run; no retry can mend it. */
  BAD_FUNCTION("BadFunctionReference", false),
  /** The mapper's sub-jobs are not a list of objects, or came both written and returned. */
  INVALID_MAPPER_OUTPUT("InvalidMapperOutput", false),
  /** The Docker engine did not answer. */
  ENGINE_UNAVAILABLE("EngineUnavailable", true),
  /** Slurm's controller (its commands or slurmrestd) gave no answer. */
  SLURM_UNAVAILABLE("SlurmUnavailable", true),
  /** Slurm forgot a job that left no exit code. */
  SLURM_JOB_LOST("SlurmJobLost", true);

  private final String type;
  private final boolean retried;

  FailureType(String type, boolean retried) {
    this.type = type;
    this.retried = retried;
  }

  /** The name results, logs and histories carry. */
  public String type() {
    return type;
  }

  /** Whether the job's retry policy applies; if not, the attempt fails the sub-job at once. */
  public boolean retried() {
    return retried;
  }
}
