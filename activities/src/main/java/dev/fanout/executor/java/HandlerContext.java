package dev.fanout.executor.java;

import org.slf4j.Logger;

/**
 * What a handler knows of its invocation.
 *
 * @param taskIndex the sub-job's index, or -1 for a mapper or reducer
 * @param log a logger whose lines land in this invocation's log, readable while it runs
 */
public record HandlerContext(
    String jobId, int taskIndex, String taskKey, int attempt, Logger log) {}
