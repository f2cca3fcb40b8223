package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.process.ProcessExecutor;
import dev.fanout.job.JobSpec;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.jobdata.SubJobPages;
import dev.fanout.logs.LogStore;
import dev.fanout.logs.TaskLog;
import dev.fanout.workflow.Invocation;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job's invocations one after another, as a script on one machine runs them today: its mapper,
 * each sub-job's command, its reducer, through the process executor itself (so each runs in the
 * same work-directory contract, with the same environment, as under Fanout), but with no workflow,
 * no queue and no window: the baseline Fanout's speed-up is measured against.
 *
 * @param output the reducer's output
 * @param seconds from the mapper's start to the reducer's end
 * @param subJobs how many sub-jobs the mapper's items made
 * @param logs where the invocations' logs are, under the job id {@link #JOB_ID}
 */
public record SequentialRun(JsonNode output, double seconds, int subJobs, LogStore logs) {

  public static final String JOB_ID = "sequential";

  /** Runs the process-executor job {@code spec} this way, in {@code scratch}. */
  public static SequentialRun of(JobSpec spec, Path scratch) throws Exception {
    BlobStore blobs = new FileBlobStore(scratch.resolve("blobs"));
    LogStore logs = new LogStore(scratch.resolve("logs"));
    Integer asked = spec.task().resources() == null ? null : spec.task().resources().cpus();
    int cpus = asked == null ? 1 : asked;
    ProcessExecutor executor =
        new ProcessExecutor(scratch.resolve("work"), cpus, new InvocationInput(blobs));
    long start = System.nanoTime();
    JsonNode mapped = run(executor, logs, Invocation.mapper(JOB_ID, spec.mapper(), spec.input()));
    List<SubJobSpec> subJobs = SubJobPages.parse(mapped, spec.itemsPerTask());
    ByteArrayOutputStream manifest = new ByteArrayOutputStream();
    for (int i = 0; i < subJobs.size(); i++) {
      SubJobSpec subJob = subJobs.get(i);
      Instant started = Instant.now();
      JsonNode output =
          run(
              executor,
              logs,
              Invocation.task(
                  JOB_ID,
                  i,
                  subJob.key(),
                  spec.task().withResources(subJob.resources()),
                  subJob.params()));
      SubJobResult result =
          new SubJobResult(
              i,
              subJob.key(),
              SubJobState.SUCCEEDED,
              subJob.params(),
              output,
              null,
              null,
              1,
              started,
              Instant.now(),
              null,
              null);
      manifest.write(Json.MAPPER.writeValueAsBytes(result));
      manifest.write('\n');
    }
    String results = blobs.put(JOB_ID + "/results.jsonl", manifest.toByteArray()).toString();
    JsonNode output =
        run(executor, logs, Invocation.reducer(JOB_ID, spec.reducer(), spec.input(), results));
    return new SequentialRun(output, (System.nanoTime() - start) / 1e9, subJobs.size(), logs);
  }

  private static JsonNode run(ProcessExecutor executor, LogStore logs, Invocation invocation)
      throws Exception {
    try (TaskLog log = logs.open(JOB_ID, invocation.logName())) {
      RunningInvocation running = executor.start(invocation, 1, log);
      while (true) {
        Optional<JsonNode> output = running.awaitOutput(Duration.ofMillis(100));
        if (output.isPresent()) {
          return output.get();
        }
      }
    }
  }
}
