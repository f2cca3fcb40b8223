package dev.fanout.workflow.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.fanout.job.CacheOrigin;
import dev.fanout.job.ErrorInfo;
import dev.fanout.job.FailurePolicy;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.workflow.CacheHit;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubJobLedgerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static SubJobLedger ledger(int n, FailurePolicy policy) {
    List<SubJobSpec> specs =
        IntStream.range(0, n)
            .mapToObj(i -> new SubJobSpec("k" + i, IntNode.valueOf(i), null))
            .toList();
    return new SubJobLedger(0, specs, policy, n);
  }

  private static SubJobResult done(int index, SubJobState state) {
    ErrorInfo error = state == SubJobState.FAILED ? new ErrorInfo("Boom", "broke " + index) : null;
    return new SubJobResult(
        index,
        "k" + index,
        state,
        IntNode.valueOf(index),
        null,
        null,
        error,
        1,
        T0,
        T0,
        "x",
        "log");
  }

  @Test
  void launchesInOrderAndCountsInFlight() {
    SubJobLedger ledger = ledger(3, FailurePolicy.NONE_TOLERATED);

    assertThat(ledger.launchNext(T0)).isZero();
    assertThat(ledger.launchNext(T0)).isEqualTo(1);

    assertThat(ledger.inFlight()).isEqualTo(2);
    assertThat(ledger.hasUnlaunched()).isTrue();
    assertThat(ledger.counts()).isEqualTo(new StateCounts(1, 2, 0, 0, 0, 0));
    assertThat(ledger.view(1).startedAt()).isEqualTo(T0);
  }

  @Test
  void reusedSubJobsAreCachedAndNeverLaunched() {
    SubJobLedger ledger = ledger(4, FailurePolicy.NONE_TOLERATED);
    CacheOrigin origin = new CacheOrigin("earlier", 0);

    assertThat(
            ledger.reuse(
                List.of(
                    new CacheHit(0, IntNode.valueOf(10), null, origin),
                    new CacheHit(2, null, "file:///out/task-000002.json", origin)),
                T0))
        .isEqualTo(2);

    assertThat(ledger.counts()).isEqualTo(new StateCounts(2, 0, 0, 0, 0, 0, 2));
    assertThat(ledger.view(0).output()).isEqualTo(IntNode.valueOf(10));
    assertThat(ledger.view(2).outputRef()).isEqualTo("file:///out/task-000002.json");
    assertThat(ledger.view(2).cachedFrom()).isEqualTo(origin);
    assertThat(ledger.launchNext(T0)).isEqualTo(1);
    assertThat(ledger.launchNext(T0)).isEqualTo(3);
    assertThat(ledger.hasUnlaunched()).isFalse();
  }

  @Test
  void skippingPassesOverReusedSubJobs() {
    SubJobLedger ledger = ledger(3, FailurePolicy.NONE_TOLERATED);
    ledger.reuse(List.of(new CacheHit(1, IntNode.valueOf(1), null, new CacheOrigin("e", 1))), T0);

    assertThat(ledger.skipUnlaunched(T0)).isEqualTo(2);
    assertThat(ledger.counts()).isEqualTo(new StateCounts(0, 0, 0, 0, 0, 2, 1));
  }

  @Test
  void aSecondCompletionOfTheSameSubJobIsIgnored() {
    SubJobLedger ledger = ledger(2, FailurePolicy.NONE_TOLERATED);
    ledger.launchNext(T0);

    assertThat(ledger.complete(done(0, SubJobState.SUCCEEDED))).isTrue();
    assertThat(ledger.complete(done(0, SubJobState.FAILED))).isFalse();

    assertThat(ledger.counts()).isEqualTo(new StateCounts(1, 0, 1, 0, 0, 0));
    assertThat(ledger.view(0).state()).isEqualTo(SubJobState.SUCCEEDED);
  }

  @Test
  void toleranceIsJudgedAgainstAllSubJobs() {
    SubJobLedger ledger = ledger(10, new FailurePolicy(1, null));
    ledger.launchNext(T0);
    ledger.launchNext(T0);
    ledger.complete(done(0, SubJobState.FAILED));
    assertThat(ledger.failureToleranceExceeded()).isFalse();

    ledger.complete(done(1, SubJobState.FAILED));

    assertThat(ledger.failureToleranceExceeded()).isTrue();
    assertThat(ledger.failureSummary(1))
        .isEqualTo(
            "2 of 10 sub-jobs failed, more than the failure policy tolerates"
                + " (toleratedFailures=1); first errors: #0 k0: Boom: broke 0");
  }

  @Test
  void aLaterPageUsesTheJobsIndexesAndCountsEarlierPagesFailures() {
    List<SubJobSpec> specs = List.of(new SubJobSpec("k5", IntNode.valueOf(5), null));
    SubJobLedger page = new SubJobLedger(5, specs, new FailurePolicy(null, 20.0), 10);

    assertThat(page.launchNext(T0)).isEqualTo(5);
    page.noteUpstreamFailures(2);
    assertThat(page.failureToleranceExceeded()).isFalse();

    page.complete(done(5, SubJobState.FAILED));

    assertThat(page.failuresSoFar()).isEqualTo(3);
    assertThat(page.failureToleranceExceeded()).isTrue();
    assertThat(page.view(5).state()).isEqualTo(SubJobState.FAILED);
    page.noteUpstreamFailures(1);
    assertThat(page.failuresSoFar()).as("counts never go back").isEqualTo(3);
  }

  @Test
  void unlaunchedSubJobsAreSkippedWhenTheJobStops() {
    SubJobLedger ledger = ledger(4, FailurePolicy.NONE_TOLERATED);
    ledger.launchNext(T0);

    ledger.skipUnlaunched(T0);

    assertThat(ledger.hasUnlaunched()).isFalse();
    assertThat(ledger.counts()).isEqualTo(new StateCounts(0, 1, 0, 0, 0, 3));
  }

  @Test
  void pagesFilterByStateAndClampTheRange() {
    SubJobLedger ledger = ledger(5, FailurePolicy.NONE_TOLERATED);
    for (int i = 0; i < 5; i++) {
      ledger.launchNext(T0);
    }
    ledger.complete(done(1, SubJobState.SUCCEEDED));
    ledger.complete(done(3, SubJobState.SUCCEEDED));

    assertThat(ledger.page(0, 10, SubJobState.SUCCEEDED).tasks())
        .extracting(SubJobResult::index)
        .containsExactly(1, 3);
    assertThat(ledger.page(1, 2, null).tasks())
        .extracting(SubJobResult::index)
        .containsExactly(1, 2);
    assertThat(ledger.page(4, 10, null).matching()).isEqualTo(5);
    assertThat(ledger.page(9, 10, null).tasks()).isEmpty();
  }
}
