package dev.fanout.job;

import java.time.Duration;

/**
 * What one invocation asks of its executor. Every field is optional; executors ignore what they
 * cannot enforce.
 */
public record Resources(Integer cpus, Integer memoryMb, Integer gpus, Duration walltime) {}
