package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.bench.SlotSplit;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SpecDocument;
import dev.fanout.job.SubJobResult;
import dev.fanout.workflow.Paging;
import dev.fanout.workflow.owner.Admission;
import dev.fanout.workflow.owner.OwnerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs of several owners and priorities on one pool of 4 process slots, on the embedded server with
 * real processes. The process worker takes every sub-job its jobs' windows let it and holds them in
 * its own queue ({@code FairSlots}), which serves them by priority and by each owner's weight. Each
 * sub-job stamps its process's start and end, so the slots' use is measured as the processes ran,
 * not as Temporal saw the activities.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FairShareTest {

  private static final int SLOTS = 4;

  @TempDir Path dir;
  private Path stamp;

  /** One sub-job's process as it stamped itself, and when its activity reached the worker. */
  private record Run(String owner, long arrived, long start, long end) {}

  @BeforeEach
  void writeScript() throws Exception {
    stamp = dir.resolve("stamp.sh");
    Files.writeString(
        stamp,
        "#!/bin/sh\n"
            + "start=$(date +%s%3N)\n"
            + "sleep \"$1\"\n"
            + "echo \"{\\\"start\\\": $start, \\\"end\\\": $(date +%s%3N)}\" > output.json\n");
    stamp.toFile().setExecutable(true);
  }

  private Engine engine() {
    return new Engine(dir, Map.of("range", Handlers.RANGE), 500, Paging.Shape.DEFAULT, SLOTS);
  }

  private ObjectNode spec(String owner, int subJobs, int maxParallel, String seconds) {
    ObjectNode spec =
        Engine.spec("range", "unused", null, Json.MAPPER.createObjectNode().put("n", subJobs));
    spec.put("owner", owner).put("maxParallel", maxParallel);
    spec.putObject("task")
        .put("executor", "process")
        .putArray("command")
        .add(stamp.toString())
        .add(seconds);
    return spec;
  }

  private static List<Run> runs(Engine engine, String owner, JobResult result) throws Exception {
    assertThat(result.counts().succeeded()).as(owner).isEqualTo(result.counts().total());
    return engine.results(result).stream().map(r -> run(owner, r)).toList();
  }

  private static Run run(String owner, SubJobResult result) {
    Instant arrived = result.startedAt();
    return new Run(
        owner,
        arrived.toEpochMilli(),
        result.output().path("start").asLong(),
        result.output().path("end").asLong());
  }

  private static List<SlotSplit.Span> spans(List<Run> runs) {
    return runs.stream()
        .map(
            r -> new SlotSplit.Span(Instant.ofEpochMilli(r.start()), Instant.ofEpochMilli(r.end())))
        .toList();
  }

  @Test
  void aHighPriorityJobSubmittedLaterRunsBeforeTheRestOfALowOne() throws Exception {
    try (Engine engine = engine()) {
      String low = engine.jobs.submit(spec("tester", 40, 20, "0.4").put("priority", 5), "low");
      // The pool is full and 16 of the low job's sub-jobs wait for it when the high one comes.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (engine.jobs.progress(low).counts().succeeded() < SLOTS) {
        assertThat(System.nanoTime()).as("the low job gets going").isLessThan(deadline);
        Thread.sleep(20);
      }
      String high = engine.jobs.submit(spec("tester", 8, 20, "0.4").put("priority", 1), "high");

      List<Run> lows = runs(engine, "low", engine.jobs.result(low).get(2, TimeUnit.MINUTES));
      List<Run> highs = runs(engine, "high", engine.jobs.result(high).get(2, TimeUnit.MINUTES));

      long allHighWaiting = highs.stream().mapToLong(Run::arrived).max().orElseThrow();
      long lastHighStart = highs.stream().mapToLong(Run::start).max().orElseThrow();
      // A low sub-job given its slot just before the last high one arrived may stamp a little
      // after: its process starts (and runs date) once it holds the slot.
      long settled = allHighWaiting + 50;
      assertThat(lows.stream().filter(r -> r.start() > settled && r.start() < lastHighStart))
          .as("low sub-jobs started while high ones waited")
          .isEmpty();
      assertThat(lows.stream().filter(r -> r.start() > lastHighStart))
          .as("low sub-jobs were still waiting when the high ones ran")
          .hasSizeGreaterThan(SLOTS);
      System.out.printf(
          "priority: the high job's 8 sub-jobs all waiting %d ms after its first arrived, the"
              + " last started %d ms after that%n",
          allHighWaiting - highs.stream().mapToLong(Run::arrived).min().orElseThrow(),
          lastHighStart - allHighWaiting);
    }
  }

  @Test
  void twoOwnersSplitTheSlotsEvenlyWhateverTheirWindowsAndWhoeverCameFirst() throws Exception {
    double ann = annsShare(Map.of());
    assertThat(ann).as("ann's share of the first half of the makespan").isBetween(0.40, 0.60);
  }

  @Test
  void twoOwnersSplitTheSlotsByTheirWeights() throws Exception {
    double ann = annsShare(Map.of("ann", 2));
    assertThat(ann).as("ann's share of the first half of the makespan").isBetween(0.57, 0.77);
  }

  /**
   * Ann submits first with a window of 40, Ben after her with 12, 200 sub-jobs of 0.1 s each,
   * through their ledgers: the share of the slots' time Ann's processes had over the first half of
   * the makespan, when both jobs have sub-jobs waiting.
   */
  private double annsShare(Map<String, Integer> weights) throws Exception {
    OwnerLimits limits = new OwnerLimits(5, 100, weights);
    try (Engine engine = engine()) {
      Admission ann =
          engine.jobs.submitWithin(SpecDocument.of(spec("ann", 200, 40, "0.1")), limits);
      Admission ben =
          engine.jobs.submitWithin(SpecDocument.of(spec("ben", 200, 12, "0.1")), limits);
      List<Run> anns =
          runs(engine, "ann", engine.jobs.result(ann.jobId()).get(2, TimeUnit.MINUTES));
      List<Run> bens =
          runs(engine, "ben", engine.jobs.result(ben.jobId()).get(2, TimeUnit.MINUTES));
      SlotSplit split = SlotSplit.firstHalf(spans(anns), spans(bens));
      System.out.printf("fair share %s: %s%n", weights, split.describe("ann", "ben"));
      return split.first();
    }
  }
}
