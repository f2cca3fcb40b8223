package dev.fanout.job;

/**
 * The run whose output a {@link SubJobState#CACHED} sub-job reused: the job and the sub-job's index
 * there.
 */
public record CacheOrigin(String jobId, int index) {}
