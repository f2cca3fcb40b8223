package dev.fanout.workflow.owner;

/**
 * A request to an owner's ledger to let one of their running jobs hold a different window, within
 * the owner's limits (carried, as with a submission, by whoever runs the API).
 */
public record Rescale(String jobId, int maxParallel, OwnerLimits limits) {}
