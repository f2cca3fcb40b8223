package dev.fanout.engine;

import static dev.fanout.engine.Engine.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import dev.fanout.workflow.job.WindowChange;
import dev.fanout.workflow.page.JobPageGroupWorkflow;
import dev.fanout.workflow.page.JobPageWorkflow;
import dev.fanout.workflow.page.PartStatus;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs of more pages than one workflow starts run in groups of pages, groups of groups as deep as
 * it takes: here pages of 3 sub-jobs and two parts to a workflow, so a job of 20 sub-jobs is seven
 * pages under three levels of groups. The window, failure tolerance, cancel, scale, progress, tasks
 * and the manifest all hold across groups.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PageGroupsTest {

  private static final Paging.Shape TINY = new Paging.Shape(2, 3, 2);
  private static final int N = 20;

  private static final JavaHandler VALUE =
      (params, ctx) -> {
        Thread.sleep(20);
        return Json.MAPPER.createObjectNode().put("value", params.path("i").asInt());
      };

  @TempDir Path logDir;

  private static JsonNode n(int n) {
    return Json.MAPPER.createObjectNode().put("n", n);
  }

  private Engine engine(Map<String, JavaHandler> handlers) {
    return new Engine(logDir, handlers, 500, TINY);
  }

  @Test
  void aJobInGroupsOfGroupsRunsEverySubJobOnceWithinItsWindow() throws Exception {
    Handlers.Concurrency concurrency = new Handlers.Concurrency();
    JavaHandler counted =
        (params, ctx) -> {
          concurrency.enter();
          try {
            return VALUE.handle(params, ctx);
          } finally {
            concurrency.exit();
          }
        };
    try (Engine engine =
        engine(Map.of("range", Handlers.RANGE, "value", counted, "sum", Handlers.SUM))) {
      ObjectNode spec = spec("range", "value", "sum", n(N));
      spec.put("maxParallel", 4);
      String id = engine.jobs.submit(spec, "grouped");
      JobResult result = engine.jobs.result(id).get(1, TimeUnit.MINUTES);

      assertThat(result.output().path("sum").asInt()).isEqualTo(N * (N - 1) / 2);
      assertThat(result.counts()).isEqualTo(new StateCounts(0, 0, N, 0, 0, 0));
      assertThat(concurrency.max()).isLessThanOrEqualTo(4);
      assertThat(engine.results(result))
          .extracting(SubJobResult::index)
          .containsExactlyElementsOf(IntStream.range(0, N).boxed().toList());

      List<PartStatus> top = engine.client().newWorkflowStub(ParallelJobWorkflow.class, id).parts();
      assertThat(top)
          .extracting(PartStatus::workflowId)
          .containsExactly(id + "/pages-0-3", id + "/pages-4-6");
      assertThat(top).allMatch(PartStatus::group);
      List<PartStatus> second =
          engine.client().newWorkflowStub(JobPageGroupWorkflow.class, id + "/pages-0-3").parts();
      assertThat(second)
          .extracting(PartStatus::workflowId)
          .containsExactly(id + "/pages-0-1", id + "/pages-2-3");
      assertThat(engine.jobs.runs(id))
          .as("the job, six groups (the last holds one page) and seven pages")
          .hasSize(14)
          .contains(JobPageWorkflow.id(id, 6));
      assertThat(engine.jobs.progress(id).counts().succeeded()).isEqualTo(N);
      assertThat(engine.jobs.tasks(id, 7, 5, null).tasks())
          .extracting(SubJobResult::index)
          .containsExactly(7, 8, 9, 10, 11);
      assertThat(engine.jobs.tasks(id, 0, 100, SubJobState.SUCCEEDED).matching()).isEqualTo(N);
      engine.record(id, "page-groups");
    }
  }

  @Test
  void failuresInDifferentGroupsAddUpAgainstThePolicy() throws Exception {
    JavaHandler failsSome =
        (params, ctx) -> {
          int i = params.path("i").asInt();
          if (i == 1 || i == 16) {
            throw new IllegalStateException("bad sample " + i);
          }
          return VALUE.handle(params, ctx);
        };
    try (Engine engine = engine(Map.of("range", Handlers.RANGE, "fails", failsSome))) {
      ObjectNode spec = spec("range", "fails", null, n(N));
      spec.put("maxParallel", 1);
      spec.putObject("failurePolicy").put("toleratedFailures", 1);
      String id = engine.jobs.submit(spec, "two-failures");

      assertThatThrownBy(() -> engine.jobs.result(id).join())
          .rootCause()
          .satisfies(
              e -> {
                assertThat(((ApplicationFailure) e).getType()).isEqualTo("TooManyFailures");
                assertThat(((ApplicationFailure) e).getOriginalMessage())
                    .startsWith("2 of 20 sub-jobs failed");
              });
      StateCounts counts = engine.jobs.progress(id).counts();
      assertThat(counts.failed()).isEqualTo(2);
      assertThat(counts.succeeded()).isEqualTo(15);
      assertThat(counts.skipped()).isEqualTo(3);
    }
  }

  @Test
  void aCancelStopsTheRunningSubJobsOfEveryGroupAndAScaleReachesThem() throws Exception {
    Handlers.Concurrency concurrency = new Handlers.Concurrency();
    Set<Integer> interrupted = ConcurrentHashMap.newKeySet();
    JavaHandler forever =
        (params, ctx) -> {
          concurrency.enter();
          try {
            Thread.sleep(60_000);
            return params;
          } catch (InterruptedException e) {
            interrupted.add(params.path("i").asInt());
            throw e;
          } finally {
            concurrency.exit();
          }
        };
    try (Engine engine = engine(Map.of("range", Handlers.RANGE, "forever", forever))) {
      ObjectNode spec = spec("range", "forever", null, n(N));
      spec.put("maxParallel", 2);
      String id = engine.jobs.submit(spec, "cancelled-groups");
      await(() -> concurrency.now() == 2);

      engine.jobs.scale(id, new WindowChange(8, null, null), null);
      await(() -> concurrency.now() == 8); // sub-jobs 0..7: pages 0 to 2, two groups apart
      engine.jobs.cancel(id);

      assertThatThrownBy(() -> engine.jobs.result(id).join())
          .hasRootCauseInstanceOf(CanceledFailure.class);
      assertThat(interrupted).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(concurrency.now()).isZero();
      assertThat(engine.jobs.progress(id).phase()).isEqualTo(JobPhase.CANCELLED);
      assertThat(engine.jobs.progress(id).counts()).isEqualTo(new StateCounts(0, 0, 0, 0, 8, 12));
    }
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
