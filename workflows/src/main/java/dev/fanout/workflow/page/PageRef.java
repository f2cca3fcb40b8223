package dev.fanout.workflow.page;

/**
 * One page of a job's sub-jobs: indexes {@code firstIndex} to {@code firstIndex + count - 1}, whose
 * specs are stored at {@code uri}.
 */
public record PageRef(int page, int firstIndex, int count, String uri) {}
