package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.FanoutProcesses.FanoutProcess;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code fanout dev} mid-job loses the job (the embedded server keeps it in
 * memory); the next {@code fanout dev} submits it again from its journal as it starts, and only the
 * sub-jobs that had not finished run again; {@code fanout resume JOB} of the ended job then runs
 * nothing, and a third server resumes nothing. Each sub-job appends its key to a side file when it
 * starts, which counts the runs.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ResumeAfterCrashTest {

  private static final int SUB_JOBS = 8;

  @TempDir Path home;

  @Test
  void aResumedJobRunsOnlyWhatHadNotFinished() throws Exception {
    Path runs = Files.createFile(home.resolve("runs.txt"));
    Path mapper = script("map.sh", mapperScript());
    Path task =
        script(
            "task.sh",
            "echo \"$FANOUT_TASK_KEY\" >> '"
                + runs
                + "'\nsleep 1\necho \"{\\\"key\\\": \\\"$FANOUT_TASK_KEY\\\"}\" > output.json\n");
    ObjectNode spec = Json.MAPPER.createObjectNode().put("owner", "tester").put("maxParallel", 2);
    spec.putObject("mapper").put("executor", "process").putArray("command").add(mapper.toString());
    spec.putObject("task").put("executor", "process").putArray("command").add(task.toString());
    Path cache = home.resolve("blobs/cache/tester");

    try (FanoutProcesses processes = new FanoutProcesses(home)) {
      FanoutProcess dev = processes.start("dev", "dev", "--port=0");
      String address = address(dev);
      try (TemporalSession session = connect(address)) {
        session.jobs(new FileBlobStore(home.resolve("blobs"))).submit(spec, "crashy");
      }
      FanoutProcesses.await(() -> entries(cache) >= 3, "three sub-jobs to succeed");
      dev.kill();
      int finished = entries(cache);
      int ranBefore = Files.readAllLines(runs).size();
      assertThat(finished).as("killed mid-job").isLessThan(SUB_JOBS);

      FanoutProcess devAgain = processes.start("dev-again", "dev", "--port=0");
      String again = address(devAgain);
      devAgain.awaitLine(
          Pattern.compile("resumed job crashy \\(tester\\): it was still running"), 60);
      try (TemporalSession session = connect(again)) {
        JobResult result = session.jobs().result("crashy").get(2, TimeUnit.MINUTES);

        int rerun = Files.readAllLines(runs).size() - ranBefore;
        assertThat(rerun)
            .as("only the unfinished sub-jobs ran again")
            .isEqualTo(SUB_JOBS - finished);
        assertThat(result.counts().cached()).isEqualTo(finished);
        assertThat(result.counts().succeeded()).isEqualTo(SUB_JOBS - finished);
      }

      FanoutProcess resume = processes.start("resume", "resume", "crashy", "--temporal=" + again);
      assertThat(resume.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(resume.process().exitValue()).as(Files.readString(resume.log())).isZero();
      try (TemporalSession session = connect(again)) {
        JobResult result = session.jobs().result("crashy").get(2, TimeUnit.MINUTES);
        assertThat(result.counts().cached()).as("resumed once more: all done").isEqualTo(SUB_JOBS);
      }
      assertThat(Files.readAllLines(runs)).hasSize(ranBefore + SUB_JOBS - finished);

      FanoutProcess third = processes.start("dev-third", "dev", "--port=0");
      address(third);
      FanoutProcesses.sleep(2000);
      assertThat(Files.readString(third.log()))
          .as("a job that ended is not resumed again")
          .doesNotContain("resumed job");
    }
  }

  private static String address(FanoutProcess dev) {
    return dev.awaitLine(Pattern.compile("on (127\\.0\\.0\\.1:\\d+)"), 60).group(1);
  }

  private static TemporalSession connect(String address) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    return TemporalSession.connect(stubs, "default", address);
  }

  private static String mapperScript() {
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < SUB_JOBS; i++) {
      items.append(i == 0 ? "" : ",").append("{\"key\":\"s").append(i);
      items.append("\",\"params\":{\"i\":").append(i).append("}}");
    }
    return "echo '" + items + "]' > output.json\n";
  }

  private Path script(String name, String body) throws IOException {
    Path file = Files.writeString(home.resolve(name), "#!/bin/sh\n" + body);
    file.toFile().setExecutable(true);
    return file;
  }

  private static int entries(Path cache) {
    if (!Files.isDirectory(cache)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(cache)) {
      return (int)
          files
              .filter(f -> f.toString().endsWith(".json"))
              .filter(ResumeAfterCrashTest::isSubJobs)
              .count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Whether a cache entry is a sub-job's, not the mapper's (index -1). */
  private static boolean isSubJobs(Path entry) {
    try {
      return Json.MAPPER.readTree(entry.toFile()).path("index").asInt() >= 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
