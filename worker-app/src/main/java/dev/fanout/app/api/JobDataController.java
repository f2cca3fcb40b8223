package dev.fanout.app.api;

import dev.fanout.app.JobLogs;
import dev.fanout.app.JobService;
import dev.fanout.app.api.ApiBodies.ApiError;
import dev.fanout.app.api.ApiBodies.LogLine;
import dev.fanout.app.api.ApiBodies.LogPage;
import dev.fanout.app.timeline.Timeline;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.JobProgress;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import dev.fanout.jobdata.ResultManifest;
import dev.fanout.logs.LogStore;
import dev.fanout.workflow.Role;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A job's data beyond its status: its sub-jobs (by index or longest first), its logs, its timeline,
 * and its results manifest and sub-job outputs, served under the API's tokens rather than as the
 * workers' blob-store URIs, which a client on another machine cannot read. What needs every sub-job
 * reads the results manifest once the job has written it, and asks the job's pages before.
 */
final class JobDataController {

  /** The timeline draws the job's first sub-jobs, by index: as many as a page draws briskly. */
  static final int TIMELINE_SUB_JOBS = 10_000;

  static final String JSON_LINES = "application/x-ndjson";

  /** How {@code GET /jobs/{id}/tasks} orders sub-jobs. */
  enum Order {
    INDEX,
    /** Longest first: start to end, or to now while running; those not started last. */
    DURATION
  }

  private final JobService jobs;
  private final LogStore logs;
  private final JobLogs jobLogs;
  private final BlobStore blobs;

  JobDataController(JobService jobs, LogStore logs, BlobStore blobs) {
    this.jobs = jobs;
    this.logs = logs;
    this.jobLogs = new JobLogs(jobs, logs);
    this.blobs = blobs;
  }

  /** A page of sub-jobs, by index or longest first, of those in a state or all. */
  void tasks(Context ctx, JobProgress progress) throws IOException {
    SubJobState state = Params.oneOf(ctx, "state", SubJobState.class);
    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Params.integer(ctx, "limit", 100, 1, ApiServer.MAX_PAGE);
    TaskPage page =
        Params.oneOf(ctx, "sort", Order.class) == Order.DURATION
            ? longestFirst(progress, offset, limit, state)
            : jobs.tasks(progress.jobId(), offset, limit, state);
    ctx.json(page);
  }

  /**
   * Lines of the mapper's, a sub-job's or the reducer's log, numbered from 1; {@code last} says the
   * invocation has ended and no line follows the ones returned.
   */
  void logs(Context ctx, JobProgress progress) {
    String task = ctx.queryParamAsClass("task", String.class).getOrDefault("mapper");
    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Params.integer(ctx, "limit", 100, 1, ApiServer.MAX_PAGE);
    JobLogs.Page page =
        switch (task) {
          case "mapper" -> jobLogs.read(progress, Role.MAPPER, 0, offset, limit);
          case "reducer" -> jobLogs.read(progress, Role.REDUCER, 0, offset, limit);
          default ->
              jobLogs.read(
                  progress,
                  Role.TASK,
                  Params.subJobIndex(
                      "task",
                      task,
                      ctx.queryParamAsClass("task", Integer.class),
                      progress.total(),
                      "mapper, reducer or a sub-job index"),
                  offset,
                  limit);
        };
    List<LogLine> numbered = new ArrayList<>();
    for (int i = 0; i < page.lines().size(); i++) {
      numbered.add(new LogLine(offset + i + 1, page.lines().get(i)));
    }
    ctx.json(new LogPage(task, offset, numbered, offset + numbered.size(), page.last()));
  }

  void timeline(Context ctx, JobProgress progress) throws IOException {
    Instant now = Instant.now();
    ctx.json(
        overEverySubJob(
            progress,
            results ->
                Timeline.of(
                    results,
                    progress.total(),
                    TIMELINE_SUB_JOBS,
                    Timeline.attemptsIn(logs, progress.jobId()),
                    now)));
  }

  /** The results manifest, streamed from the blob store as it is stored. */
  void results(Context ctx, JobProgress progress) throws IOException {
    URI manifest = ResultManifest.uri(blobs, progress.jobId());
    InputStream in;
    try {
      in = blobs.open(manifest);
    } catch (NoSuchFileException e) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          new ApiError(
              progress.phase().ended()
                  ? "job '" + progress.jobId() + "' has no results manifest: it ran no sub-job"
                  : "job '"
                      + progress.jobId()
                      + "' has no results manifest yet: it is written when the sub-jobs have"
                      + " ended; "
                      + progress.phase()));
    }
    ctx.contentType(JSON_LINES).result(in);
  }

  /** A succeeded sub-job's output, inline or fetched from the blob store. */
  void output(Context ctx, JobProgress progress) throws IOException {
    int index =
        Params.subJobIndex(
            "index",
            ctx.pathParam("index"),
            ctx.pathParamAsClass("index", Integer.class),
            progress.total(),
            "a sub-job index");
    SubJobResult result = jobs.tasks(progress.jobId(), index, 1, null).tasks().get(0);
    if (!result.state().hasOutput()) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          new ApiError("sub-job " + index + " has no output: it is " + result.state()));
    }
    if (result.outputRef() == null) {
      ctx.json(result.output());
      return;
    }
    URI ref = URI.create(result.outputRef());
    if (!blobs.owns(ref)) {
      throw new IllegalStateException(
          "sub-job " + index + "'s output is at " + ref + ", outside this server's blob store");
    }
    ctx.contentType("application/json").result(blobs.open(ref));
  }

  /**
   * Sub-jobs {@code offset..offset+limit} of those in {@code state} (all when null), longest first,
   * then by index; only that many are held while every sub-job is read.
   */
  TaskPage longestFirst(JobProgress progress, int offset, int limit, SubJobState state)
      throws IOException {
    Instant now = Instant.now();
    Comparator<SubJobResult> order =
        Comparator.comparingLong((SubJobResult r) -> -nanos(r, now))
            .thenComparingInt(SubJobResult::index);
    return overEverySubJob(
        progress,
        results -> {
          PriorityQueue<SubJobResult> kept = new PriorityQueue<>(order.reversed());
          int matching = 0;
          for (SubJobResult result : results) {
            if (state != null && result.state() != state) {
              continue;
            }
            matching++;
            kept.add(result);
            if (kept.size() > offset + limit) {
              kept.poll();
            }
          }
          List<SubJobResult> sorted = new ArrayList<>(kept);
          sorted.sort(order);
          List<SubJobResult> page = sorted.subList(Math.min(offset, sorted.size()), sorted.size());
          return new TaskPage(Math.min(offset, matching), matching, List.copyOf(page));
        });
  }

  /** How long it ran, or has run; -1 if it never started. */
  private static long nanos(SubJobResult r, Instant now) {
    if (r.startedAt() == null) {
      return -1;
    }
    return Duration.between(r.startedAt(), r.endedAt() != null ? r.endedAt() : now).toNanos();
  }

  /**
   * Applies {@code reader} to every sub-job of the job in index order: from the results manifest
   * once the job has written it (at the end of its sub-jobs, before reducing), else from its pages,
   * a thousand at a time.
   */
  private <T> T overEverySubJob(JobProgress progress, Function<Iterable<SubJobResult>, T> reader)
      throws IOException {
    if (progress.phase().subJobsEnded()) {
      URI manifest = ResultManifest.uri(blobs, progress.jobId());
      try (InputStream probe = blobs.open(manifest)) {
        // There: read below as a stream.
      } catch (NoSuchFileException e) {
        return reader.apply(pages(progress));
      }
      try (ResultManifest.Results results = ResultManifest.readAsStored(blobs, manifest)) {
        return reader.apply(results);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return reader.apply(pages(progress));
  }

  private Iterable<SubJobResult> pages(JobProgress progress) {
    int step = ApiServer.MAX_PAGE;
    return () ->
        IntStream.iterate(0, offset -> offset < progress.total(), offset -> offset + step)
            .boxed()
            .flatMap(offset -> jobs.tasks(progress.jobId(), offset, step, null).tasks().stream())
            .iterator();
  }
}
