package dev.fanout.workflow.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fanout.job.FailurePolicy;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rules by which a page holds, uses and passes on its share of the job's window. */
class PageWindowTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private static SubJobLedger ledger(int firstIndex, int size, FailurePolicy policy, int total) {
    List<SubJobSpec> specs =
        IntStream.range(0, size)
            .mapToObj(i -> new SubJobSpec("k" + i, JsonNodeFactory.instance.objectNode(), null))
            .toList();
    return new SubJobLedger(firstIndex, specs, policy, total);
  }

  private static SubJobLedger ledger(int size) {
    return ledger(0, size, FailurePolicy.NONE_TOLERATED, size);
  }

  /** Ends a running sub-job as the page's completion callback does. */
  private static void end(PageWindow window, SubJobLedger ledger, int index, SubJobState state) {
    ledger.complete(ledger.view(index).moved(state, NOW));
    window.freed();
  }

  private static int launchAll(PageWindow window) {
    int launched = 0;
    while (window.mayLaunch()) {
      window.launch(NOW);
      launched++;
    }
    return launched;
  }

  @Test
  void theFirstPageLaunchesInTheSlotsItStartsWithAndEachEndFreesOne() {
    PageWindow window = new PageWindow();
    SubJobLedger ledger = ledger(10);
    window.started(3, true, false);
    window.loaded(ledger);

    assertThat(launchAll(window)).isEqualTo(3);
    assertThat(window.mayLaunch()).isFalse();
    end(window, ledger, 1, SubJobState.SUCCEEDED);
    assertThat(launchAll(window)).isOne();
    assertThat(ledger.inFlight()).isEqualTo(3);
  }

  @Test
  void aLaterPageWaitsForSlotsFromTheOneBeforeEvenThoseThatCameBeforeItStarted() {
    PageWindow window = new PageWindow();
    window.received(new Handoff(2, 0, false)); // the signal can beat the page's own start
    window.started(0, false, true);
    window.loaded(ledger(5));

    assertThat(launchAll(window)).isEqualTo(2);
    window.received(new Handoff(1, 0, false));
    assertThat(launchAll(window)).isOne();
  }

  @Test
  void onceEverythingIsLaunchedEveryFreedSlotGoesOnButThePageIsNotThroughBeforeItsSubJobsEnd() {
    PageWindow window = new PageWindow();
    SubJobLedger ledger = ledger(2);
    window.started(4, true, false);
    window.loaded(ledger);
    assertThat(launchAll(window)).isEqualTo(2);

    assertThat(window.handOffDue()).as("two slots were never used").isTrue();
    Handoff unused = window.takeHandoff();
    assertThat(unused).isEqualTo(new Handoff(2, 0, false));
    window.sent(unused);
    assertThat(window.handOffDue()).isFalse();
    assertThat(window.handedOff()).isFalse();

    end(window, ledger, 0, SubJobState.SUCCEEDED);
    assertThat(window.takeHandoff()).isEqualTo(new Handoff(1, 0, false));
    end(window, ledger, 1, SubJobState.SUCCEEDED);
    assertThat(window.finished()).isTrue();
    Handoff last = window.takeHandoff();
    assertThat(last).isEqualTo(new Handoff(1, 0, true));
    window.sent(last);
    assertThat(window.handedOff()).isTrue();
    assertThat(window.handOffDue()).isFalse();
  }

  @Test
  void aPageIsThroughOnlyOnceThePageBeforeItIs() {
    PageWindow window = new PageWindow();
    SubJobLedger ledger = ledger(1000, 1, FailurePolicy.NONE_TOLERATED, 1001);
    window.started(0, false, false);
    window.loaded(ledger);
    window.received(new Handoff(1, 0, false));
    window.launch(NOW);
    end(window, ledger, 1000, SubJobState.SUCCEEDED);

    assertThat(window.finished()).isFalse();
    assertThat(window.takeHandoff().done()).isFalse();
    window.received(new Handoff(0, 0, true));
    assertThat(window.finished()).isTrue();
    assertThat(window.takeHandoff().done()).isTrue();
  }

  @Test
  void theLastPageKeepsItsSlotsAndOwesNoHandoff() {
    PageWindow window = new PageWindow();
    SubJobLedger ledger = ledger(1);
    window.started(5, true, true);
    window.loaded(ledger);
    launchAll(window);
    end(window, ledger, 0, SubJobState.SUCCEEDED);

    assertThat(window.finished()).isTrue();
    assertThat(window.handOffDue()).isFalse();
    assertThat(window.handedOff()).isTrue();
  }

  @Test
  void failuresOfEarlierPagesCountAgainstThePolicyEvenWhenHeardOfBeforeTheLoad() {
    PageWindow window = new PageWindow();
    SubJobLedger ledger = ledger(100, 10, new FailurePolicy(2, null), 110);
    window.received(new Handoff(4, 2, false));
    window.started(0, false, false);
    window.loaded(ledger);
    assertThat(window.stopped()).isFalse();
    assertThat(launchAll(window)).isEqualTo(4);

    end(window, ledger, 100, SubJobState.FAILED);
    assertThat(window.stopped()).as("three failures in all, two tolerated").isTrue();
    assertThat(window.launching()).isFalse();
    assertThat(window.mayLaunch()).as("a free slot, but the job is stopping").isFalse();
    assertThat(window.takeHandoff().failures()).isEqualTo(3);
  }

  @Test
  void aStoppedPageSkipsWhatItNeverLaunched() {
    PageWindow window = new PageWindow();
    SubJobLedger ledger = ledger(0, 6, FailurePolicy.NONE_TOLERATED, 6);
    window.started(2, true, true);
    window.loaded(ledger);
    launchAll(window);
    end(window, ledger, 0, SubJobState.FAILED);
    end(window, ledger, 1, SubJobState.CANCELLED);

    assertThat(window.stopped()).isTrue();
    assertThat(ledger.skipUnlaunched(NOW)).isEqualTo(4);
    assertThat(window.finished()).isTrue();
  }

  @Test
  void aWiderWindowLaunchesMoreAtOnce() {
    PageWindow window = new PageWindow();
    window.started(2, true, true);
    window.loaded(ledger(10));
    assertThat(launchAll(window)).isEqualTo(2);

    window.resized(3);
    assertThat(launchAll(window)).isEqualTo(3);
  }

  @Test
  void aNarrowerWindowLaunchesNothingUntilEnoughHaveEndedAndStopsNone() {
    PageWindow window = new PageWindow();
    SubJobLedger ledger = ledger(20);
    window.started(6, true, true);
    window.loaded(ledger);
    launchAll(window);

    window.resized(-4); // six running, two allowed
    for (int i = 0; i < 4; i++) {
      end(window, ledger, i, SubJobState.SUCCEEDED);
      assertThat(window.mayLaunch()).as("%d still running", 5 - i).isFalse();
    }
    assertThat(ledger.inFlight()).isEqualTo(2);
    end(window, ledger, 4, SubJobState.SUCCEEDED);
    assertThat(launchAll(window)).isOne();
    assertThat(ledger.inFlight()).isEqualTo(2);
  }

  @Test
  void aPageThatHasLaunchedEverythingPassesAChangeOnAndOnceThroughHasItSignalledOn() {
    PageWindow window = new PageWindow();
    SubJobLedger ledger = ledger(1);
    window.started(1, true, false);
    window.loaded(ledger);
    launchAll(window);

    List<Integer> passedOn = new ArrayList<>();
    window.resize(-3, passedOn::add);
    assertThat(passedOn).as("not yet through: the page keeps the change").isEmpty();
    assertThat(window.handOffDue()).isTrue();
    Handoff debt = window.takeHandoff();
    assertThat(debt).isEqualTo(new Handoff(-3, 0, false));
    window.sent(debt);
    assertThat(window.passesResizesOn()).isFalse();

    end(window, ledger, 0, SubJobState.SUCCEEDED);
    Handoff through = window.takeHandoff();
    assertThat(through).isEqualTo(new Handoff(1, 0, true));
    assertThat(window.passesResizesOn())
        .as("its slots are given up for good, even before the handoff is delivered")
        .isTrue();

    window.resize(4, passedOn::add);
    assertThat(passedOn).as("a resize once through goes on to the next page").containsExactly(4);
  }

  @Test
  void aStricterToleranceHeardBeforeTheLoadStillCounts() {
    PageWindow window = new PageWindow();
    SubJobLedger ledger = ledger(0, 10, new FailurePolicy(5, null), 10);
    window.tolerate(new FailurePolicy(0, null));
    window.started(2, true, true);
    window.loaded(ledger);
    launchAll(window);

    end(window, ledger, 0, SubJobState.FAILED);
    assertThat(window.stopped()).isTrue();
  }
}
