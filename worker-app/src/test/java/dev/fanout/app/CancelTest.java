package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.Json;
import dev.fanout.job.StateCounts;
import io.temporal.failure.CanceledFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancelled job reports CANCELLED only once every sub-job it started has stopped, with the
 * workers in their own processes against {@code fanout dev}, as a user first runs them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CancelTest {

  private static final int SUB_JOBS = 100;
  private static final int WINDOW = 6;

  @TempDir Path home;

  @Test
  void aCancelledJobEndsOnlyOnceItsRunningSubJobsHaveStopped() throws Exception {
    Path pids = Files.createDirectories(home.resolve("pids"));
    Path finished = Files.createDirectories(home.resolve("finished"));
    try (FanoutProcesses processes = new FanoutProcesses(home)) {
      String address = processes.devServer();
      processes.worker(address, "workflows");
      processes.worker(address, "java,process", "--process-slots=" + WINDOW);
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
      try (TemporalSession session = TemporalSession.connect(stubs, "default", address)) {
        JobService jobs = session.jobs();
        String id = jobs.submit(spec(pids, finished), null);
        FanoutProcesses.await(() -> list(pids).size() == WINDOW, "the window's sub-jobs running");

        jobs.cancel(id);
        JobProgress stopping = jobs.progress(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stopping.phase() == JobPhase.RUNNING && System.nanoTime() < deadline) {
          stopping = jobs.progress(id);
        }
        assertThat(stopping.phase()).as("while its sub-jobs stop").isEqualTo(JobPhase.CANCELLING);
        assertThat(stopping.summary()).startsWith("CANCELLING ");

        assertThatThrownBy(() -> jobs.result(id).get(2, TimeUnit.MINUTES))
            .hasRootCauseInstanceOf(CanceledFailure.class);
        List<Path> started = list(pids);
        assertThat(started).as("no sub-job starts after the cancel").hasSize(WINDOW);
        for (Path pid : started) {
          // Each sub-job's shell leads its own process group (setsid): the group is its tree.
          long group = Long.parseLong(Files.readString(pid).strip());
          assertThat(processesInGroup(group))
              .as("sub-job %s's processes, once the job reports CANCELLED", pid.getFileName())
              .isEmpty();
        }
        assertThat(list(finished)).as("sub-jobs that ran to their end").isEmpty();
        JobProgress progress = jobs.progress(id);
        assertThat(progress.phase()).isEqualTo(JobPhase.CANCELLED);
        assertThat(progress.counts())
            .isEqualTo(new StateCounts(0, 0, 0, 0, WINDOW, SUB_JOBS - WINDOW));
      }
    }
  }

  /** Sub-jobs that note their process id and would sleep for a minute, then note their end. */
  private static ObjectNode spec(Path pids, Path finished) {
    ObjectNode spec = Json.MAPPER.createObjectNode().put("owner", "canceller");
    spec.putObject("mapper").put("executor", "java").put("handler", JobService.LISTED_SUB_JOBS);
    ObjectNode task = spec.putObject("task").put("executor", "process");
    task.putArray("command")
        .add("sh")
        .add("-c")
        .add(
            "echo $$ > \"$PIDS/$FANOUT_TASK_INDEX\"; sleep 60;"
                + " touch \"$FINISHED/$FANOUT_TASK_INDEX\"; echo '{}' > output.json");
    task.putObject("env").put("PIDS", pids.toString()).put("FINISHED", finished.toString());
    ArrayNode subJobs = spec.putObject("input").putArray("subJobs");
    for (int i = 0; i < SUB_JOBS; i++) {
      subJobs.addObject().put("key", "sleeper " + i).putObject("params").put("i", i);
    }
    spec.put("maxParallel", WINDOW);
    return spec;
  }

  /**
   * The processes of a process group that have not exited, from /proc: a zombie (state Z) has
   * exited and waits only to be reaped.
   */
  private static List<String> processesInGroup(long group) throws IOException {
    try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
      return proc.filter(p -> p.getFileName().toString().matches("\\d+"))
          .map(CancelTest::stat)
          .filter(stat -> stat.length > 2 && stat[2].equals(Long.toString(group)))
          .filter(stat -> !stat[0].equals("Z"))
          .map(stat -> String.join(" ", stat))
          .toList();
    }
  }

  /** A process's state, parent and group: the fields after {@code pid (comm)} in its stat. */
  private static String[] stat(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      // comm may hold spaces and parens: count from its last closing paren.
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
    } catch (IOException | RuntimeException e) {
      return new String[0]; // gone meanwhile
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
