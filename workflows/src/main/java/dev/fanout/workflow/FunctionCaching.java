package dev.fanout.workflow;

import dev.fanout.job.CacheSpec;

/**
 * How a mapper's or reducer's pool keys it in the results cache: the pool alone knows what it runs,
 * so it computes the key from the invocation's input (and a reducer's results) and, when the job
 * resumes, reuses the entry instead of running.
 *
 * @param owner whose entries are read and written
 * @param reuse whether an entry may stand for a run (the job asked to resume)
 */
public record FunctionCaching(String owner, CacheSpec cache, boolean reuse) {}
