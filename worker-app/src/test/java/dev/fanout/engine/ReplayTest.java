package dev.fanout.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.app.temporal.HistoryReplayer;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SpecDocument;
import dev.fanout.workflow.job.ParallelJobWorkflowImpl;
import dev.fanout.workflow.job.StartedSpec;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the recorded histories of representative jobs against the current workflow code, so a
 * change that would break running jobs fails the build. Recorded by {@link ParallelJobWorkflowTest}
 * with {@code -Dfanout.recordHistories=true}.
 */
class ReplayTest {

  /**
   * Pages recorded before the page's signals moved into short-lived threads ({@link
   * PageSignals#SIGNALS_ON_DEMAND}): the code path kept for them must still replay them.
   */
  static final String BEFORE_SIGNALS_ON_DEMAND = "before-signals-on-demand/";

  /**
   * A job started before strict input with a spec only the old rules accept (a field given twice,
   * content after the object, "2" and 1.5 for whole numbers): it must replay on those rules ({@link
   * StartedSpec#STRICT_INPUT}).
   */
  static final String BEFORE_STRICT_INPUT = "before-strict-input/";

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.walk(Engine.HISTORIES)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void representativeHistoriesAreRecorded() throws IOException {
    assertThat(histories())
        .extracting(p -> Engine.HISTORIES.relativize(p).toString())
        .contains(
            "ordered-no-reducer.json",
            "window-with-reducer.json",
            "retry-then-success.json",
            "failure-tolerance-exceeded.json",
            "cancelled-mid-run.json",
            "mapper-failure.json",
            "zero-sub-jobs.json",
            "two-pages.json",
            "two-pages.page-0.json",
            "two-pages.page-1.json",
            "started-by-ledger.json",
            "owner-ledger.json",
            "abandoned-on-cancel.page-0.json",
            "failing-together.page-0.json",
            "window-changed.json",
            "page-groups.json",
            "cancelling.json",
            "page-groups.pages-0-3.json",
            "page-groups.pages-4-5.json",
            "window-changed.page-0.json",
            "resumed.json",
            "resumed.page-0.json",
            "resumed-mapper-reducer.json",
            "resumed-mapper-reducer.page-0.json",
            BEFORE_SIGNALS_ON_DEMAND + "two-pages.page-1.json",
            BEFORE_SIGNALS_ON_DEMAND + "failure-tolerance-exceeded.page-0.json",
            BEFORE_STRICT_INPUT + "lenient-spec.json",
            "strict-input-refused.json");
  }

  /**
   * A page whose cancel of its sub-jobs met one's own end: the embedded server failed that workflow
   * task ({@code EndedActivityCancelGuard}) and the page decided again on replay.
   */
  @Test
  void aCancelThatMetASubJobsEndWasRecorded() throws IOException {
    assertThat(Files.readString(Engine.HISTORIES.resolve("failing-together.page-0.json")))
        .contains("WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND");
  }

  @ParameterizedTest
  @MethodSource("histories")
  void currentCodeReplaysRecordedHistory(Path history) throws Exception {
    HistoryReplayer.replay(Files.readString(history));
  }

  @Test
  void aNonDeterministicChangeFailsReplay() throws Exception {
    String history = Files.readString(Engine.HISTORIES.resolve("window-with-reducer.json"));
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(Json.DATA_CONVERTER)
                        .build())
                .build())) {
      assertThatThrownBy(
              () ->
                  WorkflowReplayer.replayWorkflowExecution(
                      WorkflowExecutionHistory.fromJson(history), env, SleepsFirst.class))
          .hasMessageContaining("NonDeterministic");
    }
  }

  /** The real workflow with one change that breaks running jobs: a timer before the mapper. */
  public static class SleepsFirst extends ParallelJobWorkflowImpl {
    @Override
    public JobResult run(SpecDocument spec) {
      Workflow.sleep(Duration.ofSeconds(1));
      return super.run(spec);
    }
  }
}
