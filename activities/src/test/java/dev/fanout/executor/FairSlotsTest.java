package dev.fanout.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.fanout.workflow.Share;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FairSlotsTest {

  private final AtomicLong clock = new AtomicLong();

  private static Share share(int priority, String owner, int weight) {
    return new Share(priority, owner, weight);
  }

  private static boolean granted(FairSlots.Request request) throws InterruptedException {
    return request.await(Duration.ZERO);
  }

  @Test
  void servesTheHighestPriorityFirstWhoeverCameFirst() throws Exception {
    FairSlots slots = new FairSlots(1, clock::get);
    FairSlots.Request running = slots.request(share(3, "a", 1), 1);
    FairSlots.Request low = slots.request(share(5, "a", 1), 1);
    FairSlots.Request high = slots.request(share(1, "b", 1), 1);
    assertThat(granted(running)).isTrue();
    assertThat(granted(low)).isFalse();

    running.release();

    assertThat(granted(high)).isTrue();
    assertThat(granted(low)).isFalse();
    high.release();
    assertThat(granted(low)).isTrue();
  }

  @Test
  void oneOwnerAloneMayUseEverySlot() throws Exception {
    FairSlots slots = new FairSlots(4, clock::get);
    List<FairSlots.Request> requests = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      requests.add(slots.request(share(3, "a", 1), 1));
    }
    for (FairSlots.Request r : requests) {
      assertThat(granted(r)).isTrue();
    }
    assertThat(slots.inUse()).isEqualTo(4);
  }

  @Test
  void withinOneOwnerFirstComeFirstServed() throws Exception {
    FairSlots slots = new FairSlots(1, clock::get);
    FairSlots.Request first = slots.request(share(3, "a", 1), 1);
    FairSlots.Request second = slots.request(share(3, "a", 1), 1);
    FairSlots.Request third = slots.request(share(3, "a", 1), 1);
    first.release();
    assertThat(granted(second)).isTrue();
    assertThat(granted(third)).isFalse();
  }

  /**
   * Owner a fills the queue first; b arrives later. Run the pool with unit-length sub-jobs and
   * count each owner's slot-time: equal weights split it evenly, 2:1 weights 2:1.
   */
  @Test
  void ownersSplitSlotTimeByWeightWhoeverQueuedFirst() throws Exception {
    assertThat(split(1, 1)).isCloseTo(0.5, offset(0.02));
    assertThat(split(2, 1)).isCloseTo(2.0 / 3, offset(0.02));
  }

  /** Owner a's share of 400 ticks of a 4-slot pool, both owners always having work waiting. */
  private double split(int weightA, int weightB) throws Exception {
    FairSlots slots = new FairSlots(4, clock::get);
    Map<String, Integer> weights = Map.of("a", weightA, "b", weightB);
    Map<String, Deque<FairSlots.Request>> queued = new HashMap<>();
    for (String owner : List.of("a", "b")) {
      queued.put(owner, new ArrayDeque<>());
      for (int i = 0; i < 20; i++) {
        queued.get(owner).add(slots.request(share(3, owner, weights.get(owner)), 1));
      }
    }
    Map<String, Long> slotTime = new HashMap<>(Map.of("a", 0L, "b", 0L));
    for (int tick = 0; tick < 400; tick++) {
      Map<FairSlots.Request, String> running = new HashMap<>();
      for (String owner : List.of("a", "b")) {
        for (FairSlots.Request r : queued.get(owner)) {
          if (granted(r)) {
            running.put(r, owner);
          }
        }
      }
      assertThat(running).hasSize(4);
      clock.addAndGet(1_000);
      // Each sub-job ran one tick; its job puts another in the queue, as a job's window does.
      for (Map.Entry<FairSlots.Request, String> ran : running.entrySet()) {
        String owner = ran.getValue();
        queued.get(owner).remove(ran.getKey());
        ran.getKey().release();
        slotTime.merge(owner, 1L, Long::sum);
        queued.get(owner).add(slots.request(share(3, owner, weights.get(owner)), 1));
      }
    }
    return slotTime.get("a") / (double) (slotTime.get("a") + slotTime.get("b"));
  }

  @Test
  void aNewcomerStartsLevelAndEarnsNoCreditForIdleTime() throws Exception {
    FairSlots slots = new FairSlots(1, clock::get);
    FairSlots.Request a1 = slots.request(share(3, "a", 1), 1);
    clock.addAndGet(1_000_000); // a alone has held the slot a long time
    FairSlots.Request a2 = slots.request(share(3, "a", 1), 1);
    FairSlots.Request a3 = slots.request(share(3, "a", 1), 1);
    FairSlots.Request b1 = slots.request(share(3, "b", 1), 1);
    FairSlots.Request b2 = slots.request(share(3, "b", 1), 1);

    a1.release(); // b starts level with a: a tie, and a came first
    assertThat(granted(a2)).isTrue();
    clock.addAndGet(1_000);
    a2.release(); // a is ahead now
    assertThat(granted(b1)).isTrue();
    clock.addAndGet(1_000);
    b1.release(); // level again: had b started at zero, it would take every turn for long

    assertThat(granted(a3)).isTrue();
    assertThat(granted(b2)).isFalse();
  }

  @Test
  void aWideRequestIsNotOvertakenByNarrowOnes() throws Exception {
    FairSlots slots = new FairSlots(4, clock::get);
    FairSlots.Request one = slots.request(share(3, "a", 1), 1);
    FairSlots.Request wide = slots.request(share(3, "a", 1), 4);
    FairSlots.Request narrow = slots.request(share(3, "a", 1), 1);
    assertThat(granted(one)).isTrue();
    assertThat(granted(wide)).isFalse();
    assertThat(granted(narrow)).as("would overtake the wide one").isFalse();
    one.release();
    assertThat(granted(wide)).isTrue();
  }

  @Test
  void leavingTheQueueLetsTheNextIn() throws Exception {
    FairSlots slots = new FairSlots(1, clock::get);
    FairSlots.Request running = slots.request(share(3, "a", 1), 1);
    FairSlots.Request gaveUp = slots.request(share(1, "a", 1), 1);
    FairSlots.Request next = slots.request(share(3, "b", 1), 1);
    gaveUp.release();
    running.release();
    running.release(); // twice: no slot is freed twice
    assertThat(granted(next)).isTrue();
    assertThat(slots.inUse()).isEqualTo(1);
    assertThat(granted(gaveUp)).isFalse();
  }

  @Test
  void aWaiterWakesWhenItsTurnComes() throws Exception {
    FairSlots slots = new FairSlots(1);
    FairSlots.Request running = slots.request(Share.DEFAULT, 1);
    FairSlots.Request waiting = slots.request(Share.DEFAULT, 1);
    CountDownLatch woke = new CountDownLatch(1);
    Thread waiter =
        new Thread(
            () -> {
              try {
                if (waiting.await(Duration.ofSeconds(20))) {
                  woke.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    waiter.start();
    assertThat(woke.await(200, TimeUnit.MILLISECONDS)).isFalse();
    running.release();
    assertThat(woke.await(5, TimeUnit.SECONDS)).isTrue();
    waiter.join();
  }

  @Test
  void refusesMoreSlotsThanItHas() {
    FairSlots slots = new FairSlots(2);
    assertThatThrownBy(() -> slots.request(Share.DEFAULT, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 slots of 2");
  }
}
