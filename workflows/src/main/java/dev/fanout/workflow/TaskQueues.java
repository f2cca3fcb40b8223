package dev.fanout.workflow;

/** Each executor pool serves one Temporal task queue, named after the executor. */
public final class TaskQueues {

  /** Where the workflows themselves run; any worker-app process can serve it. */
  public static final String WORKFLOWS = "fanout-workflows";

  private TaskQueues() {}

  public static String forExecutor(String executor) {
    return "fanout-" + executor;
  }
}
