package dev.fanout.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.JobService;
import dev.fanout.job.JobResult;
import dev.fanout.job.JobSpec;
import dev.fanout.job.JobSpecParser;
import dev.fanout.logs.LogStore;
import dev.fanout.workflow.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The science examples at full size, each run twice in the same run: by Fanout on its process pool
 * (whose slots fill this machine), and invocation after invocation as one machine runs them today
 * ({@link SequentialRun}); the two results must be identical.
 */
public final class ScienceBench {

  /**
   * One story's job, as its README runs it.
   *
   * @param cpus the task's cpus in place of the spec's, or null to keep them
   */
  record Story(String title, String example, String spec, Integer cpus) {}

  static final List<Story> STORIES =
      List.of(
          new Story("assembly: megahit, 20 genomes", "assembly", "process.json", null),
          new Story("assembly, 1 cpu per sub-job", "assembly", "process.json", 1),
          new Story("rnaseq: kallisto, 24 samples", "rnaseq", "process.json", null),
          new Story("rnaseq: salmon, 24 samples", "rnaseq", "salmon.json", null),
          new Story(
              "contig search: diamond blastx, 2,000 contigs",
              "contig-search",
              "process.json",
              null),
          new Story("fba: cobra, 5,106 combinations", "fba", "process.json", null));

  /**
   * One line of the table.
   *
   * @param window how many sub-jobs the process slots run at once
   * @param sequentialCores the tools' CPU seconds over the wall seconds, one after another
   * @param fanoutCores the same, by Fanout
   * @param overhead what each sub-job cost a slot beyond its tool's own run: Fanout's seconds less
   *     the mapper's and reducer's run and the sub-jobs' summed runs over the window, times the
   *     window, over the sub-jobs
   */
  public record Row(
      String story,
      int subJobs,
      int cpus,
      int window,
      double sequential,
      double fanout,
      double sequentialCores,
      double fanoutCores,
      double overhead,
      boolean identical) {}

  private final Path examples;
  private final Path scratch;
  private final JobService jobs;
  private final LogStore logs;
  private final int slots;
  private final int repeat;

  /**
   * @param logs the log store of the workers that serve {@code jobs}
   * @param slots the process slots of those workers
   * @param repeat how many times to run each story's job each way
   */
  public ScienceBench(
      Path examples, Path scratch, JobService jobs, LogStore logs, int slots, int repeat) {
    this.examples = examples;
    this.scratch = scratch;
    this.jobs = jobs;
    this.logs = logs;
    this.slots = slots;
    this.repeat = repeat;
  }

  /**
   * The stories of the examples named in {@code only} (all if it is empty), simulating each one's
   * data first; {@code measured} hears of each row at once.
   */
  public List<Row> run(List<String> only, Consumer<Row> measured) throws Exception {
    List<Row> rows = new ArrayList<>();
    List<String> simulated = new ArrayList<>();
    for (Story story : STORIES) {
      if (!only.isEmpty() && !only.contains(story.example())) {
        continue;
      }
      ScienceExample example = new ScienceExample(examples, story.example());
      Path data = scratch.resolve(story.example());
      if (!simulated.contains(story.example())) {
        example.simulate(data);
        simulated.add(story.example());
      }
      ObjectNode spec = example.spec(story.spec(), data);
      if (story.cpus() != null) {
        ((ObjectNode) spec.get("task").get("resources")).put("cpus", story.cpus());
      }
      Row row = measure(story, spec);
      measured.accept(row);
      rows.add(row);
    }
    // The data (2 GB of reads among it) can be made again; the logs and work directories stay.
    for (String example : simulated) {
      LogStore.deleteTree(scratch.resolve(example));
    }
    return rows;
  }

  /** One run of a story's job, either way. */
  private record Timed(String jobId, JsonNode output, int subJobs, double seconds, double cpu) {
    Timed fasterOf(Timed other) {
      return other == null || seconds < other.seconds ? this : other;
    }
  }

  /**
   * The story's job by Fanout, then one invocation after another, {@code repeat} times: the fastest
   * of each, since what slows a run on a shared machine is never the run itself.
   */
  private Row measure(Story story, ObjectNode specJson) throws Exception {
    JobSpec spec = JobSpecParser.parse(specJson);
    int cpus = spec.task().resources().cpus();
    Timed fanout = null;
    Timed sequential = null;
    boolean identical = true;
    for (int r = 0; r < repeat; r++) {
      String jobId =
          String.join(
              "-",
              "science",
              story.example(),
              story.spec().replace(".json", ""),
              cpus + "",
              r + "");
      Timed byFanout = fanout(specJson, jobId);
      Timed oneByOne = sequential(spec, byFanout.jobId());
      identical &=
          byFanout.output().equals(oneByOne.output()) && byFanout.subJobs() == oneByOne.subJobs();
      fanout = byFanout.fasterOf(fanout);
      sequential = oneByOne.fasterOf(sequential);
    }
    int window = Math.max(1, slots / cpus);
    String jobId = fanout.jobId();
    double alone =
        ProcessTimes.ran(logs, jobId, Role.MAPPER, -1)
            + ProcessTimes.ran(logs, jobId, Role.REDUCER, -1);
    double subJobsRan = ProcessTimes.ranSubJobs(logs, jobId, fanout.subJobs());
    return new Row(
        story.title(),
        fanout.subJobs(),
        cpus,
        window,
        sequential.seconds(),
        fanout.seconds(),
        sequential.cpu() / sequential.seconds(),
        fanout.cpu() / fanout.seconds(),
        (fanout.seconds() - alone - subJobsRan / window) * window / fanout.subJobs(),
        identical);
  }

  private Timed fanout(ObjectNode spec, String jobId) throws Exception {
    double cpuBefore = ProcessTimes.childrenCpu();
    long start = System.nanoTime();
    JobResult result = jobs.result(jobs.submit(spec, jobId)).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Timed(
        jobId,
        result.output(),
        result.counts().succeeded(),
        seconds,
        ProcessTimes.childrenCpu() - cpuBefore);
  }

  private Timed sequential(JobSpec spec, String jobId) throws Exception {
    double cpuBefore = ProcessTimes.childrenCpu();
    SequentialRun run = SequentialRun.of(spec, scratch.resolve("sequential-" + jobId));
    return new Timed(
        jobId, run.output(), run.subJobs(), run.seconds(), ProcessTimes.childrenCpu() - cpuBefore);
  }
}
