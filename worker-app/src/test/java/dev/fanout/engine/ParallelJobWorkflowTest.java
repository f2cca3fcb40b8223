package dev.fanout.engine;

import static dev.fanout.engine.Engine.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import dev.fanout.jobdata.PayloadRef;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParallelJobWorkflowTest {

  @TempDir Path logDir;

  private static JsonNode n(int n) {
    return Json.MAPPER.createObjectNode().put("n", n);
  }

  private static JobResult run(Engine engine, ObjectNode spec, String jobId) {
    return engine.jobs.result(engine.jobs.submit(spec, jobId)).join();
  }

  /** The failure a job ended with, as the client sees it. */
  private static Throwable failureOf(Engine engine, ObjectNode spec, String jobId) {
    try {
      run(engine, spec, jobId);
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(WorkflowFailedException.class);
      return e.getCause().getCause();
    }
    throw new AssertionError("job " + jobId + " was expected to fail");
  }

  @Test
  void resultsComeBackInSubJobOrderWhateverOrderTheyFinish() throws Exception {
    JavaHandler slowFirst =
        (params, ctx) -> {
          int i = params.path("i").asInt();
          Thread.sleep((10 - i % 10) * 15L);
          return Json.MAPPER.createObjectNode().put("value", i * i);
        };
    try (Engine engine = new Engine(logDir, Map.of("range", Handlers.RANGE, "square", slowFirst))) {
      ObjectNode spec = spec("range", "square", null, n(25));
      spec.put("maxParallel", 10);

      JobResult result = run(engine, spec, "ordered");

      assertThat(result.output()).as("no reducer, no output: the manifest is the result").isNull();
      List<SubJobResult> results = engine.results(result);
      assertThat(results).extracting(SubJobResult::index).containsExactlyElementsOf(range(25));
      assertThat(results)
          .extracting(r -> r.output().path("value").asInt())
          .containsExactlyElementsOf(range(25).stream().map(i -> i * i).toList());
      assertThat(results)
          .allSatisfy(
              r -> {
                assertThat(r.state()).isEqualTo(SubJobState.SUCCEEDED);
                assertThat(r.attempts()).isEqualTo(1);
                assertThat(r.key()).isEqualTo("item-" + r.index());
                assertThat(r.executorId()).startsWith("java:");
                assertThat(r.startedAt()).isBeforeOrEqualTo(r.endedAt());
              });
      assertThat(result.counts()).isEqualTo(new StateCounts(0, 0, 25, 0, 0, 0));
      assertThat(engine.logs.read("ordered", "mapper", 0, 100))
          .anySatisfy(line -> assertThat(line).contains("INFO mapped 25 sub-jobs"));
      assertThat(engine.logs.read("ordered", "task-000003", 0, 100))
          .anySatisfy(line -> assertThat(line).contains("attempt 1 of java:square"));
      engine.record("ordered", "ordered-no-reducer");
    }
  }

  @Test
  void windowHoldsAtMaxParallelAndIsKeptFull() throws Exception {
    Handlers.Concurrency concurrency = new Handlers.Concurrency();
    JavaHandler busy =
        (params, ctx) -> {
          concurrency.enter();
          try {
            Thread.sleep(40);
            return Json.MAPPER.createObjectNode().put("value", 1);
          } finally {
            concurrency.exit();
          }
        };
    try (Engine engine =
        new Engine(logDir, Map.of("range", Handlers.RANGE, "busy", busy, "sum", Handlers.SUM))) {
      ObjectNode spec = spec("range", "busy", "sum", n(60));
      spec.put("maxParallel", 6);

      JobResult result = run(engine, spec, "window");

      assertThat(concurrency.max()).isEqualTo(6);
      assertThat(result.output().path("sum").asInt()).isEqualTo(60);
      engine.record("window", "window-with-reducer");
    }
  }

  @Test
  void serverCeilingClampsTheWindow() {
    Handlers.Concurrency concurrency = new Handlers.Concurrency();
    JavaHandler busy =
        (params, ctx) -> {
          concurrency.enter();
          try {
            Thread.sleep(40);
            return params;
          } finally {
            concurrency.exit();
          }
        };
    try (Engine engine = new Engine(logDir, Map.of("range", Handlers.RANGE, "busy", busy), 3)) {
      ObjectNode spec = spec("range", "busy", null, n(20));
      spec.put("maxParallel", 50);

      run(engine, spec, "clamped");

      assertThat(concurrency.max()).isEqualTo(3);
      assertThat(engine.jobs.progress("clamped").maxParallel()).isEqualTo(3);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void failedAttemptsAreRetriedUntilOneSucceeds() throws Exception {
    JavaHandler flaky =
        (params, ctx) -> {
          if (ctx.attempt() < 3) {
            throw new IllegalStateException("flaky attempt " + ctx.attempt());
          }
          return Json.MAPPER.createObjectNode().put("value", ctx.attempt());
        };
    try (Engine engine =
        new Engine(logDir, Map.of("range", Handlers.RANGE, "flaky", flaky, "sum", Handlers.SUM))) {
      ObjectNode spec = spec("range", "flaky", "sum", n(4));
      spec.putObject("retry").put("maxAttempts", 3).put("initialInterval", "PT0.1S");

      JobResult result = run(engine, spec, "retried");

      assertThat(result.output().path("sum").asInt()).isEqualTo(12);
      assertThat(engine.jobs.tasks("retried", 0, 10, null).tasks())
          .allSatisfy(t -> assertThat(t.attempts()).isEqualTo(3));
      assertThat(engine.logs.read("retried", "task-000000", 0, 100))
          .filteredOn(line -> line.matches(".* attempt \\d of java:flaky"))
          .hasSize(3);
      engine.record("retried", "retry-then-success");
    }
  }

  @Test
  void tooManyFailuresStopsLaunchingCancelsTheRunningAndFailsWithASummary() throws Exception {
    Set<Integer> started = ConcurrentHashMap.newKeySet();
    Set<Integer> interrupted = ConcurrentHashMap.newKeySet();
    JavaHandler failEarly =
        (params, ctx) -> {
          int i = params.path("i").asInt();
          if (i < 2) {
            throw new IllegalArgumentException("bad genome " + i);
          }
          started.add(i);
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.add(i);
            throw e;
          }
          return params;
        };
    try (Engine engine =
        new Engine(logDir, Map.of("range", Handlers.RANGE, "fail-early", failEarly))) {
      ObjectNode spec = spec("range", "fail-early", null, n(20));
      spec.put("maxParallel", 3);
      spec.putObject("failurePolicy").put("toleratedFailures", 1);

      Throwable failure = failureOf(engine, spec, "too-many");

      assertThat(failure).isInstanceOf(ApplicationFailure.class);
      assertThat(((ApplicationFailure) failure).getType()).isEqualTo("TooManyFailures");
      assertThat(((ApplicationFailure) failure).getOriginalMessage())
          .startsWith(
              "2 of 20 sub-jobs failed, more than the failure policy tolerates"
                  + " (toleratedFailures=1); first errors: #0 item-0: IllegalArgumentException: bad genome 0");
      JobProgress progress = engine.jobs.progress("too-many");
      assertThat(progress.phase()).isEqualTo(JobPhase.FAILED);
      assertThat(progress.counts().failed()).isEqualTo(2);
      assertThat(progress.counts().running()).isZero();
      // Every handler that had started saw the cancel; a sub-job still queued is cancelled too.
      assertThat(interrupted).isNotEmpty().isEqualTo(started);
      assertThat(progress.counts().cancelled()).isGreaterThanOrEqualTo(started.size());
      assertThat(progress.counts().cancelled() + progress.counts().skipped()).isEqualTo(18);
      engine.record("too-many", "failure-tolerance-exceeded");
    }
  }

  @Test
  void toleratedFailuresAreReportedAndTheJobSucceeds() throws Exception {
    JavaHandler oddFails =
        (params, ctx) -> {
          if (params.path("i").asInt() % 2 == 1) {
            throw new IllegalStateException("odd");
          }
          return Json.MAPPER.createObjectNode().put("value", 1);
        };
    try (Engine engine =
        new Engine(logDir, Map.of("range", Handlers.RANGE, "odd", oddFails, "sum", Handlers.SUM))) {
      ObjectNode spec = spec("range", "odd", "sum", n(10));
      spec.putObject("failurePolicy").put("toleratedFailurePercent", 50);

      JobResult result = run(engine, spec, "tolerated");

      assertThat(result.counts()).isEqualTo(new StateCounts(0, 0, 5, 5, 0, 0));
      assertThat(result.output().path("sum").asInt()).isEqualTo(5);
      assertThat(result.output().path("results").asInt()).isEqualTo(10);
      assertThat(engine.jobs.tasks("tolerated", 0, 10, SubJobState.FAILED).tasks())
          .extracting(t -> t.error().type() + ": " + t.error().message())
          .containsOnly("IllegalStateException: odd");
    }
  }

  @Test
  void anInputAndParamsTooLargeForTemporalTravelThroughTheBlobStore() throws Exception {
    int bigParams = 300 * 1024;
    JavaHandler twoOfThem =
        (input, ctx) -> {
          String notes = input.path("notes").asText();
          ArrayNode subJobs = Json.MAPPER.createArrayNode();
          subJobs
              .addObject()
              .put("key", "big")
              .putObject("params")
              .put("notes", notes.substring(0, bigParams));
          subJobs.addObject().put("key", "small").putObject("params").put("notes", "x");
          return subJobs;
        };
    JavaHandler length =
        (params, ctx) ->
            Json.MAPPER.createObjectNode().put("value", params.path("notes").asText().length());
    try (Engine engine =
        new Engine(logDir, Map.of("two", twoOfThem, "length", length, "sum", Handlers.SUM))) {
      ObjectNode input = Json.MAPPER.createObjectNode().put("notes", "x".repeat(3 * 1024 * 1024));

      JobResult result = run(engine, spec("two", "length", "sum", input), "large");

      assertThat(result.output().path("sum").asLong())
          .as("each function got its input itself")
          .isEqualTo(bigParams + 1);
      for (String workflow : List.of("large", "large/page-0")) {
        assertThat(largestPayload(engine, workflow))
            .as(workflow)
            .isLessThan(PayloadRef.MAX_PAYLOAD_BYTES);
      }
    }
  }

  /** The largest payload in the workflow's history, in bytes. */
  private static int largestPayload(Engine engine, String workflowId) throws Exception {
    JsonNode history = Json.MAPPER.readTree(engine.jobs.historyJson(workflowId));
    return history.findValues("payloads").stream()
        .flatMap(payloads -> java.util.stream.StreamSupport.stream(payloads.spliterator(), false))
        .mapToInt(payload -> payload.path("data").asText().length() * 3 / 4)
        .max()
        .orElse(0);
  }

  @Test
  void mapperFailureFailsTheJobWithTheMappersError() {
    JavaHandler badMapper =
        (input, ctx) -> {
          throw new IllegalArgumentException("input.genomes: expected a list");
        };
    try (Engine engine = new Engine(logDir, Map.of("bad", badMapper, "sum", Handlers.SUM))) {
      Throwable failure = failureOf(engine, spec("bad", "sum", null, n(1)), "mapper-fails");

      assertThat(failure).isInstanceOf(ApplicationFailure.class);
      assertThat(((ApplicationFailure) failure).getType()).isEqualTo("MapperFailed");
      assertThat(((ApplicationFailure) failure).getOriginalMessage())
          .isEqualTo("mapper failed: IllegalArgumentException: input.genomes: expected a list");
      assertThat(engine.jobs.progress("mapper-fails").phase()).isEqualTo(JobPhase.FAILED);
      engine.record("mapper-fails", "mapper-failure");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void mapperOutputOfTheWrongShapeFailsTheJobNamingTheItem() throws Exception {
    JavaHandler wrongShape = (input, ctx) -> Json.MAPPER.readTree("[{\"params\": 1}, \"oops\"]");
    try (Engine engine = new Engine(logDir, Map.of("wrong", wrongShape, "sum", Handlers.SUM))) {
      Throwable failure = failureOf(engine, spec("wrong", "sum", null, n(1)), "mapper-shape");

      assertThat(((ApplicationFailure) failure).getType()).isEqualTo("MapperFailed");
      assertThat(failure.getMessage())
          .contains("InvalidMapperOutput: 1 bad sub-job(s): mapper output[1]: expected an object");
    }
  }

  @Test
  void reducerFailureFailsTheJobAfterEverySubJobRan() throws Exception {
    JavaHandler badReducer =
        (input, ctx) -> {
          throw new IllegalStateException(
              "cannot merge "
                  + java.util.stream.StreamSupport.stream(ctx.results().spliterator(), false)
                      .count());
        };
    JavaHandler one = (params, ctx) -> Json.MAPPER.createObjectNode().put("value", 1);
    try (Engine engine =
        new Engine(logDir, Map.of("range", Handlers.RANGE, "one", one, "bad", badReducer))) {
      Throwable failure = failureOf(engine, spec("range", "one", "bad", n(5)), "reducer-fails");

      assertThat(((ApplicationFailure) failure).getType()).isEqualTo("ReducerFailed");
      assertThat(((ApplicationFailure) failure).getOriginalMessage())
          .isEqualTo("reducer failed: IllegalStateException: cannot merge 5");
      assertThat(engine.jobs.progress("reducer-fails").counts().succeeded()).isEqualTo(5);
    }
  }

  @Test
  void cancellingTheJobCancelsEveryRunningSubJob() throws Exception {
    Handlers.Concurrency concurrency = new Handlers.Concurrency();
    Set<Integer> interrupted = ConcurrentHashMap.newKeySet();
    JavaHandler forever = untilInterrupted(concurrency, interrupted);
    try (Engine engine = new Engine(logDir, Map.of("range", Handlers.RANGE, "forever", forever))) {
      ObjectNode spec = spec("range", "forever", null, n(10));
      spec.put("maxParallel", 4);
      String id = engine.jobs.submit(spec, "cancelled");
      awaitHandlers(concurrency, 4);

      engine.jobs.cancel(id);

      assertThatThrownBy(() -> engine.jobs.result(id).join())
          .hasCauseInstanceOf(WorkflowFailedException.class)
          .cause()
          .hasCauseInstanceOf(CanceledFailure.class);
      assertThat(interrupted).containsExactlyInAnyOrder(0, 1, 2, 3);
      assertThat(concurrency.now()).isZero();
      JobProgress progress = engine.jobs.progress(id);
      assertThat(progress.phase()).isEqualTo(JobPhase.CANCELLED);
      assertThat(progress.counts()).isEqualTo(new StateCounts(0, 0, 0, 0, 4, 6));
      engine.record(id, "cancelling");
    }
  }

  @Test
  void itemsPerTaskRunsItemsInBatches() throws Exception {
    JavaHandler sumItems =
        (params, ctx) -> {
          int sum = 0;
          for (var item : params) {
            sum += item.path("i").asInt();
          }
          return Json.MAPPER.createObjectNode().put("value", sum).put("items", params.size());
        };
    try (Engine engine =
        new Engine(
            logDir, Map.of("range", Handlers.RANGE, "sum-items", sumItems, "sum", Handlers.SUM))) {
      ObjectNode spec = spec("range", "sum-items", "sum", n(1000));
      spec.put("itemsPerTask", 100);

      JobResult result = run(engine, spec, "batched");

      assertThat(result.counts().succeeded()).isEqualTo(10);
      assertThat(result.output().path("sum").asInt()).isEqualTo(999 * 1000 / 2);
      assertThat(engine.jobs.tasks("batched", 9, 1, null).tasks())
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.key()).isEqualTo("item-900..item-999");
                assertThat(t.output().path("items").asInt()).isEqualTo(100);
              });
    }
  }

  @Test
  void zeroSubJobsIsAJobAndTheReducerGetsAnEmptyList() throws Exception {
    try (Engine engine = new Engine(logDir, Map.of("range", Handlers.RANGE, "sum", Handlers.SUM))) {
      JobResult result = run(engine, spec("range", "sum", "sum", n(0)), "empty");

      assertThat(result.output().path("results").asInt()).isZero();
      assertThat(result.counts().total()).isZero();
      assertThat(engine.jobs.progress("empty").phase()).isEqualTo(JobPhase.SUCCEEDED);
      engine.record("empty", "zero-sub-jobs");
    }
  }

  @Test
  void progressAndTasksAnswerWhileTheJobRuns() throws Exception {
    JavaHandler slow =
        (params, ctx) -> {
          Thread.sleep(params.path("i").asInt() < 2 ? 10 : 120_000);
          return params;
        };
    try (Engine engine = new Engine(logDir, Map.of("range", Handlers.RANGE, "slow", slow))) {
      ObjectNode spec = spec("range", "slow", null, n(8));
      spec.put("maxParallel", 3);
      String id = engine.jobs.submit(spec, "watched");
      awaitDone(engine, id, 2);

      JobProgress progress = engine.jobs.progress(id);
      assertThat(progress.phase()).isEqualTo(JobPhase.RUNNING);
      assertThat(progress.counts()).isEqualTo(new StateCounts(3, 3, 2, 0, 0, 0));
      assertThat(progress.summary()).isEqualTo("RUNNING 2/8 done, 3 running, 0 failed");
      assertThat(progress.owner()).isEqualTo("tester");
      assertThat(engine.jobs.tasks(id, 0, 10, SubJobState.RUNNING).tasks())
          .extracting(SubJobResult::index)
          .containsExactly(2, 3, 4);
      assertThat(engine.jobs.tasks(id, 5, 10, null).tasks())
          .extracting(t -> t.params().path("i").asInt())
          .containsExactly(5, 6, 7);
      engine.jobs.cancel(id);
      assertThatThrownBy(() -> engine.jobs.result(id).join())
          .hasCauseInstanceOf(WorkflowFailedException.class);
    }
  }

  /** Waits until {@code count} handlers are inside their work, not merely scheduled. */
  /** Runs until interrupted, counted by {@code concurrency}; notes who was interrupted. */
  private static JavaHandler untilInterrupted(
      Handlers.Concurrency concurrency, Set<Integer> interrupted) {
    return (params, ctx) -> {
      concurrency.enter();
      try {
        Thread.sleep(120_000);
        return params;
      } catch (InterruptedException e) {
        interrupted.add(params.path("i").asInt());
        throw e;
      } finally {
        concurrency.exit();
      }
    };
  }

  private static void awaitHandlers(Handlers.Concurrency concurrency, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (concurrency.now() < count) {
      assertThat(System.nanoTime()).as("%d handlers running", count).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static void awaitDone(Engine engine, String id, int done) throws InterruptedException {
    awaitProgress(engine, id, p -> p.counts().done() == done && p.counts().running() == 3);
  }

  private static void awaitProgress(
      Engine engine, String id, java.util.function.Predicate<JobProgress> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.test(engine.jobs.progress(id))) {
          return;
        }
      } catch (RuntimeException notYetQueryable) {
        // The first workflow task has not run yet.
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job " + id + " never reached the expected progress");
  }

  private static List<Integer> range(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }
}
