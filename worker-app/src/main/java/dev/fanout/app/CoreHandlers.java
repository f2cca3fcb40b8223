package dev.fanout.app;

import dev.fanout.executor.java.HandlerProvider;
import dev.fanout.executor.java.JavaHandler;
import java.util.Map;

/** Handlers Fanout itself needs on every Java pool. */
public final class CoreHandlers implements HandlerProvider {

  /** The mapper of a redrive: its input lists the sub-jobs to run again, as a mapper's output. */
  static final JavaHandler LISTED_SUB_JOBS = (input, context) -> input.path("subJobs");

  @Override
  public Map<String, JavaHandler> handlers() {
    return Map.of(JobService.LISTED_SUB_JOBS, LISTED_SUB_JOBS);
  }
}
