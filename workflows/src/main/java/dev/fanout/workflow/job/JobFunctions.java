package dev.fanout.workflow.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobSpec;
import dev.fanout.workflow.FunctionActivities;
import dev.fanout.workflow.FunctionCaching;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.InvocationOptions;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.SubJobOutcomes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.function.Supplier;

/**
 * The job's mapper and reducer: one activity each on its executor's queue, whose failure fails the
 * job, named after its role. Each is keyed in the results cache by its pool ({@link
 * FunctionCaching}), which reuses an earlier run's output when the job resumes.
 */
final class JobFunctions {

  /** The {@code Workflow.getVersion} change id of the mapper and reducer in the results cache. */
  static final String CACHED_FUNCTIONS = "cached-mapper-reducer";

  private final String jobId;
  private final JobSpec spec;

  JobFunctions(String jobId, JobSpec spec) {
    this.jobId = jobId;
    this.spec = spec;
  }

  MapperPlan map(int maxParallel, Paging.Shape shape) {
    FunctionActivities mapper = activities(spec.mapper(), "mapper");
    return call(
        "mapper",
        () ->
            mapper.map(
                Invocation.mapper(jobId, spec.mapper(), spec.input()).withCaching(caching()),
                Paging.forWindow(maxParallel, spec.itemsPerTask(), shape)));
  }

  /** With no reducer, the results manifest is the job's result. */
  JsonNode reduce(String results) {
    if (spec.reducer() == null) {
      return null;
    }
    FunctionActivities reducer = activities(spec.reducer(), "reducer");
    return call(
            "reducer",
            () ->
                reducer.invoke(
                    Invocation.reducer(jobId, spec.reducer(), spec.input(), results)
                        .withCaching(caching())))
        .output();
  }

  /** How the pools key the mapper and reducer; null for jobs started before they were cached. */
  private FunctionCaching caching() {
    if (Workflow.getVersion(CACHED_FUNCTIONS, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION
        || spec.cache().off()) {
      return null;
    }
    return new FunctionCaching(spec.owner(), spec.cache(), spec.reuses());
  }

  private FunctionActivities activities(FunctionRef function, String summary) {
    return Workflow.newActivityStub(
        FunctionActivities.class, InvocationOptions.forFunction(function, spec, summary, false));
  }

  /** Runs the mapper or reducer; its failure fails the job, named after the role. */
  private static <T> T call(String role, Supplier<T> invocation) {
    try {
      return invocation.get();
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure) {
        throw e;
      }
      var error = SubJobOutcomes.error(e.getCause());
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          role + " failed: " + error.type() + ": " + error.message(),
          role.equals("mapper") ? "MapperFailed" : "ReducerFailed",
          e);
    }
  }
}
