package dev.fanout.executor;

import dev.fanout.workflow.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * What one pool's invocations look like to an operator: how long they waited in the queue, how long
 * they ran and how they ended, and how many were retries.
 */
public final class InvocationMetrics {

  private final MeterRegistry registry;
  private final String executor;

  public InvocationMetrics(MeterRegistry registry, String executor) {
    this.registry = registry;
    this.executor = executor;
  }

  /** Metrics that go nowhere, for tests and tools that do not publish them. */
  public static InvocationMetrics none(String executor) {
    return new InvocationMetrics(new SimpleMeterRegistry(), executor);
  }

  void started(Role role, Duration queueWait, int attempt) {
    Timer.builder("fanout.queue.wait")
        .description("From an attempt's scheduling to a worker starting it")
        .tags("executor", executor, "role", role.name().toLowerCase())
        .publishPercentileHistogram()
        .register(registry)
        .record(queueWait);
    if (attempt > 1) {
      Counter.builder("fanout.retries")
          .description("Attempts after the first")
          .tags("executor", executor, "role", role.name().toLowerCase())
          .register(registry)
          .increment();
    }
  }

  /**
   * @param outcome succeeded, cached (a mapper or reducer reused from the results cache), failed
   *     (the invocation's own failure), infrastructure, or stopped (cancelled, timed out)
   */
  void finished(Role role, String outcome, Duration took) {
    Timer.builder("fanout.invocation.duration")
        .description("How long one attempt ran, by how it ended")
        .tags("executor", executor, "role", role.name().toLowerCase(), "outcome", outcome)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /**
   * A call the platform turned away that the executor retries itself, outside the attempt count.
   *
   * @param reason throttled, server_error or network
   */
  public void platformRetry(String reason) {
    Counter.builder("fanout.platform.retries")
        .description("Calls the platform turned away and the executor retried with backoff")
        .tags("executor", executor, "reason", reason)
        .register(registry)
        .increment();
  }
}
