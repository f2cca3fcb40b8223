package dev.fanout.engine;

import static dev.fanout.engine.Engine.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.FunctionActivitiesImpl;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.job.ParallelJobWorkflow;
import dev.fanout.workflow.page.JobPageWorkflow;
import dev.fanout.workflow.page.PageStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jobs larger than one page: the window held and kept full across pages, the failure policy judged
 * over the whole job, queries across pages, and every run's history under Temporal's warning.
 */
class PagingTest {

  /** Temporal warns past this many events in one run; Fanout keeps every run below it. */
  private static final int HISTORY_WARNING = 10_240;

  private static final int PAGE = Paging.forWindow(20, 1).pageSize();

  private static final JavaHandler VALUE =
      (params, ctx) -> Json.MAPPER.createObjectNode().put("value", params.path("i").asInt());

  @TempDir Path logDir;

  private static JsonNode n(int n) {
    return Json.MAPPER.createObjectNode().put("n", n);
  }

  private static List<PageStatus> pages(Engine engine, String jobId) {
    return engine.client().newWorkflowStub(ParallelJobWorkflow.class, jobId).pages();
  }

  private static JobResult run(Engine engine, ObjectNode spec, String jobId) {
    return engine.jobs.result(engine.jobs.submit(spec, jobId)).join();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1})
  void aJobOfAboutOnePageRunsEverySubJobOnceInOrder(int pastPage) throws Exception {
    assertThat(PAGE).as("a window of 20 gets full pages").isEqualTo(1000);
    int n = PAGE + pastPage;
    try (Engine engine =
        new Engine(logDir, Map.of("range", Handlers.RANGE, "value", VALUE, "sum", Handlers.SUM))) {
      JobResult result = run(engine, spec("range", "value", "sum", n(n)), "edge");

      assertThat(pages(engine, "edge")).hasSize(pastPage > 0 ? 2 : 1);
      assertThat(result.output().path("results").asInt()).isEqualTo(n);
      assertThat(result.output().path("sum").asLong()).isEqualTo((long) n * (n - 1) / 2);
      assertThat(result.counts()).isEqualTo(new StateCounts(0, 0, n, 0, 0, 0));
      assertThat(engine.results(result))
          .extracting(SubJobResult::index)
          .containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
    }
  }

  @Test
  void theWindowHoldsAcrossPagesAndDoesNotWaitForAPagesStraggler() throws Exception {
    Handlers.Concurrency concurrency = new Handlers.Concurrency();
    Map<Integer, Long> endedAt = new ConcurrentHashMap<>();
    int straggler = PAGE - 5;
    JavaHandler busy =
        (params, ctx) -> {
          int i = params.path("i").asInt();
          concurrency.enter();
          try {
            Thread.sleep(i == straggler ? 8_000 : 30);
            return params;
          } finally {
            concurrency.exit();
            endedAt.put(i, System.nanoTime());
          }
        };
    try (Engine engine = new Engine(logDir, Map.of("range", Handlers.RANGE, "busy", busy))) {
      ObjectNode spec = spec("range", "busy", null, n(PAGE + PAGE / 2));
      spec.put("maxParallel", 10);

      JobResult result = run(engine, spec, "straggler");

      assertThat(concurrency.max()).isEqualTo(10);
      assertThat(endedAt.get(PAGE + PAGE / 4))
          .as("the next page ran while this page's straggler did")
          .isLessThan(endedAt.get(straggler));
      assertThat(result.counts().succeeded()).isEqualTo(PAGE + PAGE / 2);
      assertThat(engine.jobs.tasks("straggler", PAGE - 2, 4, null).tasks())
          .extracting(SubJobResult::index)
          .containsExactly(PAGE - 2, PAGE - 1, PAGE, PAGE + 1);
    }
  }

  @Test
  void theFailurePolicyCountsTheFailuresOfEveryPage() throws Exception {
    int n = PAGE + PAGE / 2;
    JavaHandler failsSome =
        (params, ctx) -> {
          if (params.path("i").asInt() % 300 == 7) {
            throw new IllegalStateException("bad sample " + params.path("i").asInt());
          }
          return params;
        };
    // Ten at a time, so stopping cancels sub-jobs that may be ending that instant: as on the
    // embedded server, whose pages abandon them (a cluster's pages would wedge this test server).
    try (Engine engine = new Engine(logDir, Map.of("range", Handlers.RANGE, "fails", failsSome))) {
      ObjectNode tolerant = spec("range", "fails", null, n(n));
      tolerant.put("maxParallel", 10);
      tolerant.putObject("failurePolicy").put("toleratedFailures", 5);
      assertThat(run(engine, tolerant, "five-tolerated").counts().failed()).isEqualTo(5);

      ObjectNode strict = tolerant.deepCopy();
      strict.putObject("failurePolicy").put("toleratedFailures", 4);
      String id = engine.jobs.submit(strict, "four-tolerated");
      Throwable failure = null;
      try {
        engine.jobs.result(id).join();
      } catch (CompletionException e) {
        assertThat(e.getCause()).isInstanceOf(WorkflowFailedException.class);
        failure = e.getCause().getCause();
      }

      assertThat(failure).isInstanceOf(ApplicationFailure.class);
      assertThat(((ApplicationFailure) failure).getType()).isEqualTo("TooManyFailures");
      assertThat(((ApplicationFailure) failure).getOriginalMessage())
          .startsWith(
              "5 of "
                  + n
                  + " sub-jobs failed, more than the failure policy tolerates"
                  + " (toleratedFailures=4)");
      assertThat(engine.jobs.progress(id).counts().failed()).isEqualTo(5);
      assertThat(engine.jobs.tasks(id, 0, 10, SubJobState.FAILED).tasks())
          .extracting(SubJobResult::index)
          .containsExactly(7, 307, 607, 907, 1207);
    }
  }

  /**
   * Sub-jobs that fail together race the cancel of the others with their own ends: Temporal's test
   * server wedged on that race (sdk-java#2391) until the embedded server was guarded against it
   * ({@code EndedActivityCancelGuard}); before that, pages on it abandoned cancelled sub-jobs.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void subJobsFailingAllAtOnceEndTheJobWithEachRecordedOnce() throws Exception {
    JavaHandler fails =
        (params, ctx) -> {
          Thread.sleep(50);
          throw new IllegalStateException("bad sample " + params.path("i").asInt());
        };
    try (Engine engine = new Engine(logDir, Map.of("range", Handlers.RANGE, "fails", fails))) {
      ObjectNode spec = spec("range", "fails", null, n(200));
      spec.put("maxParallel", 20);
      for (int run = 0; run < 3; run++) {
        String id = engine.jobs.submit(spec, "all-fail-" + run);

        assertThatThrownBy(() -> engine.jobs.result(id).join())
            .hasRootCauseInstanceOf(ApplicationFailure.class)
            .rootCause()
            .satisfies(
                e -> assertThat(((ApplicationFailure) e).getType()).isEqualTo("TooManyFailures"));
        StateCounts counts = engine.jobs.progress(id).counts();
        assertThat(counts.running()).isZero();
        assertThat(counts.failed()).isPositive();
        assertThat(counts.failed() + counts.cancelled() + counts.skipped()).isEqualTo(200);
        assertThat(engine.jobs.tasks(id, 0, 1000, null).tasks())
            .extracting(SubJobResult::index)
            .containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
      }
      engine.record("all-fail-0", "failing-together");
    }
  }

  @Test
  void aWideWindowGetsSmallPagesWhichShareIt() throws Exception {
    int window = 1100;
    assertThat(Paging.forWindow(window, 1).pageSize()).isEqualTo(100);
    try (Engine engine =
        new Engine(
            logDir, Map.of("range", Handlers.RANGE, "value", VALUE, "sum", Handlers.SUM), window)) {
      ObjectNode spec = spec("range", "value", "sum", n(150));
      spec.put("maxParallel", window);

      JobResult result = run(engine, spec, "two-pages");

      assertThat(pages(engine, "two-pages"))
          .extracting(p -> p.page().count())
          .containsExactly(100, 50);
      assertThat(result.output().path("sum").asInt()).isEqualTo(150 * 149 / 2);
      engine.record("two-pages", "two-pages");
    }
  }

  @Test
  void largeOutputsGoToTheBlobStoreAndReachTheReducer() throws Exception {
    int size = FunctionActivitiesImpl.MAX_INLINE_OUTPUT_BYTES * 2;
    JavaHandler big =
        (params, ctx) ->
            Json.MAPPER.createObjectNode().put("value", 1).put("pad", "x".repeat(size));
    try (Engine engine =
        new Engine(logDir, Map.of("range", Handlers.RANGE, "big", big, "sum", Handlers.SUM))) {
      JobResult result = run(engine, spec("range", "big", "sum", n(3)), "big");

      assertThat(result.output().path("sum").asInt()).isEqualTo(3);
      SubJobResult first = engine.jobs.tasks("big", 0, 1, null).tasks().get(0);
      assertThat(first.output()).isNull();
      assertThat(first.outputRef()).endsWith("big/outputs/task-000000.json");
      assertThat(engine.results(result).get(0).output().path("pad").asText()).hasSize(size);
    }
  }

  @Test
  void twentyThousandSubJobsKeepEveryRunUnderTheHistoryWarning() throws Exception {
    int n = 20_000;
    try (Engine engine =
        new Engine(logDir, Map.of("range", Handlers.RANGE, "value", VALUE, "sum", Handlers.SUM))) {
      ObjectNode spec = spec("range", "value", "sum", n(n));
      spec.put("maxParallel", 200);

      JobResult result = run(engine, spec, "twenty-k");

      assertThat(result.output().path("results").asInt()).isEqualTo(n);
      assertThat(result.output().path("sum").asLong()).isEqualTo((long) n * (n - 1) / 2);
      List<String> runs = new ArrayList<>(List.of("twenty-k"));
      for (PageStatus page : pages(engine, "twenty-k")) {
        runs.add(JobPageWorkflow.id("twenty-k", page.page().page()));
      }
      assertThat(runs).hasSizeGreaterThan(n / 1000);
      for (String run : runs) {
        int events = engine.client().fetchHistory(run).getEvents().size();
        assertThat(events).as("events in %s", run).isLessThan(HISTORY_WARNING);
      }
    }
  }
}
