package dev.fanout.engine;

import static dev.fanout.engine.Engine.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.FailurePolicy;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.JobWindow;
import dev.fanout.job.Json;
import dev.fanout.workflow.job.WindowChange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running job's window and failure tolerance change while it runs ({@code scale}): wider starts
 * more at once, narrower lets running sub-jobs finish and starts none until fewer run than it
 * allows; nothing is stopped or lost. On the embedded server with the real workflows and the Java
 * executor.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ScaleTest {

  @TempDir Path logDir;

  /** A sub-job's start: when, and how many ran then, itself included. */
  private record Start(long nanos, int running) {}

  @Test
  void aWindowWidenedAndNarrowedWhileTheJobRunsIsTheOneInForce() throws Exception {
    Handlers.Concurrency concurrency = new Handlers.Concurrency();
    List<Start> starts = new CopyOnWriteArrayList<>();
    AtomicInteger done = new AtomicInteger();
    JavaHandler busy =
        (params, ctx) -> {
          concurrency.enter();
          starts.add(new Start(System.nanoTime(), concurrency.now()));
          try {
            Thread.sleep(50);
            return Json.MAPPER.createObjectNode().put("value", 1);
          } finally {
            concurrency.exit();
            done.incrementAndGet();
          }
        };
    try (Engine engine =
        new Engine(logDir, Map.of("range", Handlers.RANGE, "busy", busy, "sum", Handlers.SUM))) {
      ObjectNode spec = spec("range", "busy", "sum", Json.MAPPER.createObjectNode().put("n", 2000));
      // Two pages of 1,000: the change reaches the page that is launching, and goes on from it.
      spec.put("maxParallel", 10);
      String id = engine.jobs.submit(spec, "steered");
      await(() -> done.get() >= 100, "100 sub-jobs done");
      assertThat(concurrency.max()).isLessThanOrEqualTo(10);

      long widened = System.nanoTime();
      JobWindow wider = engine.jobs.scale(id, new WindowChange(40, null, null), null);
      assertThat(wider.maxParallel()).isEqualTo(40);
      // Running as the pages count them: launched and not yet ended.
      await(() -> engine.jobs.progress(id).counts().running() == 40, "40 running");
      System.out.printf(
          "scale test: 10 -> 40 running in %d ms%n",
          Duration.ofNanos(System.nanoTime() - widened).toMillis());
      await(() -> done.get() >= 1200, "1,200 sub-jobs done, into the second page");

      JobWindow narrower = engine.jobs.scale(id, new WindowChange(5, 3, null), null);
      long narrowed = System.nanoTime();
      assertThat(narrower.maxParallel()).isEqualTo(5);
      assertThat(narrower.failurePolicy()).isEqualTo(new FailurePolicy(3, null));
      JobProgress progress = engine.jobs.progress(id);
      assertThat(progress.maxParallel()).isEqualTo(5);
      assertThat(progress.windowChangedAt()).isNotNull();
      int last = progress.counts().running();
      while (last > 5) {
        int running = engine.jobs.progress(id).counts().running();
        assertThat(running)
            .as("running falls to the new window, none starting")
            .isLessThanOrEqualTo(last);
        last = running;
      }
      System.out.printf(
          "scale test: 40 -> 5 running in %d ms%n",
          Duration.ofNanos(System.nanoTime() - narrowed).toMillis());
      for (int i = 0; i < 20; i++) {
        assertThat(engine.jobs.progress(id).counts().running()).isLessThanOrEqualTo(5);
      }

      JobResult result = engine.jobs.result(id).get(2, TimeUnit.MINUTES);
      assertThat(result.counts().succeeded()).isEqualTo(2000);
      assertThat(concurrency.max()).as("never more than the widest window").isLessThanOrEqualTo(40);
      assertThat(result.output().path("sum").asInt()).isEqualTo(2000);
      // Sub-jobs the page launched before it heard of the change may still start just after it.
      long settled = narrowed + TimeUnit.SECONDS.toNanos(1);
      List<Start> late = starts.stream().filter(s -> s.nanos() > settled).toList();
      assertThat(late).as("sub-jobs started after the narrowing settled").isNotEmpty();
      assertThat(late).allSatisfy(s -> assertThat(s.running()).isLessThanOrEqualTo(5));
      long firstAtFive =
          starts.stream()
              .filter(s -> s.nanos() > narrowed && s.running() <= 5)
              .mapToLong(Start::nanos)
              .min()
              .orElseThrow();
      System.out.printf(
          "scale test: 40 -> 5: the first start within the new window %d ms after the update%n",
          Duration.ofNanos(firstAtFive - narrowed).toMillis());
    }
  }

  /** A small job widened, narrowed and given a tolerance, recorded for {@link ReplayTest}. */
  @Test
  void aScaledJobIsRecordedForReplay() throws Exception {
    AtomicInteger done = new AtomicInteger();
    JavaHandler counted =
        (params, ctx) -> {
          Thread.sleep(20);
          done.incrementAndGet();
          return Json.MAPPER.createObjectNode().put("value", 1);
        };
    try (Engine engine =
        new Engine(
            logDir, Map.of("range", Handlers.RANGE, "counted", counted, "sum", Handlers.SUM))) {
      ObjectNode spec =
          spec("range", "counted", "sum", Json.MAPPER.createObjectNode().put("n", 60));
      spec.put("maxParallel", 2);
      String id = engine.jobs.submit(spec, "window-changed");
      await(() -> done.get() >= 10, "10 sub-jobs done");
      engine.jobs.scale(id, new WindowChange(6, null, null), null);
      await(() -> done.get() >= 30, "30 sub-jobs done");
      engine.jobs.scale(id, new WindowChange(1, 2, null), null);

      assertThat(engine.jobs.result(id).get(1, TimeUnit.MINUTES).output().path("sum").asInt())
          .isEqualTo(60);
      engine.record(id, "window-changed");
    }
  }

  @Test
  void aChangeOutOfRangeOrOverTheCeilingOrAfterTheEndIsRefusedNamingIt() throws Exception {
    try (Engine engine =
        new Engine(
            logDir,
            Map.of(
                "range",
                Handlers.RANGE,
                "slow",
                (params, ctx) -> {
                  Thread.sleep(200);
                  return params;
                }),
            100)) {
      String id =
          engine.jobs.submit(
              spec("range", "slow", null, Json.MAPPER.createObjectNode().put("n", 20)), "refused");
      assertThatThrownBy(() -> engine.jobs.scale(id, new WindowChange(0, null, null), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxParallel: must be between 1 and 2000, was 0");
      assertThatThrownBy(() -> engine.jobs.scale(id, new WindowChange(150, null, null), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "maxParallel: 150 is over the workers' ceiling of 100 (--max-parallel-ceiling)");
      assertThatThrownBy(() -> engine.jobs.scale(id, new WindowChange(null, -1, null), null))
          .hasMessage("toleratedFailures: must be 0 or more, was -1");
      engine.jobs.result(id).get(1, TimeUnit.MINUTES);
      assertThatThrownBy(() -> engine.jobs.scale(id, new WindowChange(5, null, null), null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("job refused has ended");
    }
  }

  private static void await(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s for " + what).isLessThan(deadline);
      Thread.sleep(2);
    }
  }
}
