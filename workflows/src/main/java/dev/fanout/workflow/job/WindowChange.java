package dev.fanout.workflow.job;

/**
 * A change of a running job's window or failure tolerance, asked for by the {@code scale} update;
 * what is null stays as it is.
 */
public record WindowChange(
    Integer maxParallel, Integer toleratedFailures, Double toleratedFailurePercent) {}
