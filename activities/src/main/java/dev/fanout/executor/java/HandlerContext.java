package dev.fanout.executor.java;

import dev.fanout.job.SubJobResult;
import org.slf4j.Logger;

/**
 * What a handler knows of its invocation.
 *
 * @param taskIndex the sub-job's index, or -1 for a mapper or reducer
 * @param log a logger whose lines land in this invocation's log, readable while it runs
 * @param results for a reducer, every sub-job's result in index order, streamed from the results
 *     manifest (iterate as often as needed; each pass reads it again); empty for others
 * @param subJobs for a mapper, where it may write its sub-jobs one at a time instead of returning
 *     them ({@link SubJobWriter}); refuses anything for others
 */
public record HandlerContext(
    String jobId,
    int taskIndex,
    String taskKey,
    int attempt,
    Logger log,
    Iterable<SubJobResult> results,
    SubJobWriter subJobs) {}
