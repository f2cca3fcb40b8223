package dev.fanout.job;

import java.util.List;
import java.util.Map;

/**
 * What to run and where: the executor names the pool (and so the Temporal task queue), the other
 * fields say what that executor runs. Which field each executor needs is its {@link
 * ExecutorKind#requirement()}, checked by {@link JobSpecParser}.
 *
 * @param executor the pool, an {@link ExecutorKind#id()}: {@code java} (in-process handlers),
 *     {@code process} (commands on the worker's machine), {@code docker} (containers), {@code
 *     lambda} (AWS Lambda functions), {@code slurm} (batch jobs on a cluster)
 * @param handler the name of an in-process Java handler registered on the worker
 * @param image a container image (docker, hpc)
 * @param command the argument vector of a container or process
 * @param function a Lambda function name or ARN
 * @param env extra environment variables for the invocation
 * @param mounts extra read-only mounts for a container, {@code "host/path:/container/path"}
 *     (reference data); a relative host path is taken from the worker's working directory
 * @param network the container network to join (docker); none unless named
 * @param resources what the invocation needs
 * @param name a stable name for this function, under which its runs' resource use is recorded
 *     ({@code fanout resources suggest NAME}); default: {@link #describe()}
 */
public record FunctionRef(
    String executor,
    String handler,
    String image,
    List<String> command,
    String function,
    Map<String, String> env,
    List<String> mounts,
    String network,
    Resources resources,
    String name) {

  public FunctionRef(
      String executor,
      String handler,
      String image,
      List<String> command,
      String function,
      Map<String, String> env,
      List<String> mounts,
      String network,
      Resources resources) {
    this(executor, handler, image, command, function, env, mounts, network, resources, null);
  }

  public static FunctionRef java(String handler) {
    return new FunctionRef("java", handler, null, null, null, null, null, null, null);
  }

  /** A command run by the {@code process} or {@code slurm} executor, with nothing else set. */
  public static FunctionRef command(String executor, List<String> command) {
    return new FunctionRef(executor, null, null, command, null, null, null, null, null);
  }

  /** This function with a sub-job's own resources in place of its own, when it has any. */
  public FunctionRef withResources(Resources override) {
    return override == null
        ? this
        : new FunctionRef(
            executor, handler, image, command, function, env, mounts, network, override, name);
  }

  /** A short human name for logs and summaries: {@code java:gc-content}. */
  public String describe() {
    String what =
        name != null
            ? name
            : handler != null
                ? handler
                : image != null ? image : function != null ? function : String.valueOf(command);
    return executor + ":" + what;
  }
}
