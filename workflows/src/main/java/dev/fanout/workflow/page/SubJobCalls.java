package dev.fanout.workflow.page;

import dev.fanout.job.SubJobSpec;
import dev.fanout.workflow.FunctionActivities;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.InvocationOptions;
import io.temporal.workflow.Workflow;

/**
 * How a page calls one of its sub-jobs: the invocation (its function sized for it, keyed for the
 * results cache) and the activity stub whose options carry its timeouts, retries and priority.
 * Creating a stub records nothing in the history; only the call does, in the page.
 */
final class SubJobCalls {

  private final PageRequest request;
  private final PageCaching caching;

  SubJobCalls(PageRequest request, PageCaching caching) {
    this.request = request;
    this.caching = caching;
  }

  Invocation invocation(int index, SubJobSpec subJob) {
    return caching.keyed(
        Invocation.task(
            request.jobId(),
            index,
            subJob.key(),
            request.spec().task().withResources(subJob.resources()),
            subJob.params()));
  }

  FunctionActivities activities(Invocation invocation) {
    return Workflow.newActivityStub(
        FunctionActivities.class,
        InvocationOptions.forFunction(
            invocation.function(),
            request.spec(),
            "sub-job " + invocation.taskIndex() + ": " + invocation.taskKey(),
            request.abandonOnCancel()));
  }
}
