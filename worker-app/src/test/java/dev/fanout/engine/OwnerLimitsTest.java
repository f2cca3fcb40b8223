package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SpecDocument;
import dev.fanout.workflow.owner.Admission;
import dev.fanout.workflow.owner.OwnedJob;
import dev.fanout.workflow.owner.OwnerLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-owner limits kept by the owner's ledger workflow: active jobs, and sub-jobs running across
 * all of an owner's jobs, measured from inside the handlers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OwnerLimitsTest {

  @TempDir Path logDir;

  /** Sub-jobs running now and at most, per owner (the job id starts with the owner's name). */
  private final Map<String, Handlers.Concurrency> running = new ConcurrentHashMap<>();

  private final JavaHandler nap =
      (input, context) -> {
        String owner = context.jobId().substring(0, context.jobId().lastIndexOf('-'));
        Handlers.Concurrency c = running.computeIfAbsent(owner, o -> new Handlers.Concurrency());
        c.enter();
        try {
          Thread.sleep(input.path("millis").asLong());
        } finally {
          c.exit();
        }
        return input;
      };

  private static SpecDocument spec(String owner, int subJobs, int maxParallel, int millis) {
    ObjectNode input = Json.MAPPER.createObjectNode().put("n", subJobs).put("millis", millis);
    return SpecDocument.of(
        Engine.spec("range", "nap", null, input)
            .put("owner", owner)
            .put("maxParallel", maxParallel));
  }

  @Test
  void anOwnersJobsShareTheirSlotsAndTheirCountOfActiveJobs() throws Exception {
    try (Engine engine = new Engine(logDir, Map.of("range", NAP_RANGE, "nap", nap))) {
      OwnerLimits limits = new OwnerLimits(3, 5);

      Admission first = engine.jobs.submitWithin(spec("carol", 12, 4, 200), limits);
      Admission second = engine.jobs.submitWithin(spec("carol", 12, 4, 200), limits);
      Admission third = engine.jobs.submitWithin(spec("carol", 12, 4, 200), limits);

      assertThat(first.admitted()).isTrue();
      assertThat(first.maxParallel()).isEqualTo(4);
      assertThat(second.admitted()).isTrue();
      assertThat(second.maxParallel()).as("what carol had left of 5").isEqualTo(1);
      assertThat(third.admitted()).isFalse();
      assertThat(third.limit()).isEqualTo("maxRunningSubJobs");
      assertThat(third.limitValue()).isEqualTo(5);
      assertThat(third.held()).isEqualTo(5);

      engine.jobs.result(first.jobId()).join();
      engine.jobs.result(second.jobId()).join();
      assertThat(running.get("carol").max()).isLessThanOrEqualTo(5);
      awaitEnded(engine, "carol", 2);

      Admission later = engine.jobs.submitWithin(spec("carol", 2, 2, 10), limits);
      assertThat(later.admitted()).as("the ended jobs freed carol's share").isTrue();
      engine.jobs.result(later.jobId()).join();

      OwnerLimits oneJob = new OwnerLimits(1, 100);
      Admission slow = engine.jobs.submitWithin(spec("dave", 3, 1, 300), oneJob);
      Admission refused = engine.jobs.submitWithin(spec("dave", 3, 1, 10), oneJob);
      assertThat(refused.admitted()).isFalse();
      assertThat(refused.limit()).isEqualTo("maxActiveJobs");
      engine.jobs.result(slow.jobId()).join();
    }
  }

  @Test
  void oneOwnersBigJobDoesNotStarveAnothersSmallOne() throws Exception {
    try (Engine engine = new Engine(logDir, Map.of("range", NAP_RANGE, "nap", nap))) {
      OwnerLimits limits = new OwnerLimits(5, 3);

      Admission big = engine.jobs.submitWithin(spec("alice", 60, 50, 100), limits);
      Thread.sleep(300); // alice's job is running at her full share
      Admission small = engine.jobs.submitWithin(spec("bob", 6, 50, 100), limits);

      JobResult bobs = engine.jobs.result(small.jobId()).join();
      assertThat(engine.jobs.progress(big.jobId()).phase())
          .as("bob's job ends while alice's 60 still run")
          .isEqualTo(JobPhase.RUNNING);
      JobResult alices = engine.jobs.result(big.jobId()).join();
      assertThat(bobs.counts().succeeded()).isEqualTo(6);
      assertThat(alices.counts().succeeded()).isEqualTo(60);
      assertThat(running.get("alice").max()).isEqualTo(3);
      assertThat(running.get("bob").max()).isEqualTo(3);
      awaitEnded(engine, "alice", 1);
      engine.record(small.jobId(), "started-by-ledger");
      engine.recordLedger("alice", "owner-ledger");
      assertThat(engine.jobs.ownedJobs("bob"))
          .extracting(OwnedJob::jobId, OwnedJob::maxParallel, OwnedJob::phase)
          .containsExactly(tuple(small.jobId(), 3, JobPhase.SUCCEEDED));
    }
  }

  /** The range mapper, each sub-job told to nap the job's {@code millis}. */
  private static final JavaHandler NAP_RANGE =
      (input, context) -> {
        JsonNode subJobs = Handlers.RANGE.handle(input, context);
        for (JsonNode subJob : subJobs) {
          ((ObjectNode) subJob.get("params")).put("millis", input.path("millis").asInt());
        }
        return subJobs;
      };

  /** The ledger hears of a job's end by signal, just after the job's result is out. */
  private static void awaitEnded(Engine engine, String owner, int ended) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<OwnedJob> jobs = engine.jobs.ownedJobs(owner);
    while (jobs.stream().filter(j -> j.phase() != JobPhase.RUNNING).count() < ended
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      jobs = engine.jobs.ownedJobs(owner);
    }
    assertThat(jobs.stream().filter(j -> j.phase() != JobPhase.RUNNING).count())
        .isGreaterThanOrEqualTo(ended);
  }
}
