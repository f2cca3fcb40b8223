package dev.fanout.executor;

import dev.fanout.workflow.Share;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A worker's slots, handed to waiting invocations by their {@link Share}: the highest priority
 * first; among equals, the owner who has used the least slot-time for their weight; within one
 * owner, first come first served. Slot-time counts while slots are held, so owners with long and
 * short sub-jobs still split the pool by weight; an owner who starts waiting begins level with the
 * least-served owner already there, so an idle spell earns no credit. One owner alone may use every
 * slot. A request that cannot be served yet blocks the ones behind it (no overtaking), so a sub-job
 * that needs several slots is never starved by single-slot ones.
 *
 * <p>This is where sub-jobs wait on Temporal's test server, which orders a task queue by priority
 * key alone; on a server with fairness it agrees with the server's order.
 */
public final class FairSlots {

  private final int capacity;
  private final LongSupplier nanoClock;
  private final long origin;
  private final Map<String, Owner> owners = new HashMap<>();
  private final List<Request> waiting = new ArrayList<>();
  private int free;
  private long arrivals;

  public FairSlots(int capacity) {
    this(capacity, System::nanoTime);
  }

  /** With a clock of its own, so a test can say how long slots were held. */
  FairSlots(int capacity, LongSupplier nanoClock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("at least 1 slot, was " + capacity);
    }
    this.capacity = capacity;
    this.free = capacity;
    this.nanoClock = nanoClock;
    this.origin = nanoClock.getAsLong();
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Joins the queue for {@code count} slots; the request is served in its turn, whether or not
   * anyone waits on it. Every request must be {@link Request#release() released}.
   */
  public synchronized Request request(Share share, int count) {
    if (count < 1 || count > capacity) {
      throw new IllegalArgumentException(
          "asks for " + count + " slots of " + capacity + ": " + share);
    }
    Owner owner = owners.get(share.owner());
    if (owner == null) {
      owner = new Owner(share.weight(), levelStart());
      owners.put(share.owner(), owner);
    }
    owner.requests++;
    Request request = new Request(share, count, owner, arrivals++);
    waiting.add(request);
    dispatch();
    return request;
  }

  /** How many slots are held now. */
  public synchronized int inUse() {
    return capacity - free;
  }

  /**
   * Slot-time a newcomer starts with: as much, for its weight, as the least-served owner present,
   * counted per unit of weight.
   */
  private double levelStart() {
    long now = now();
    return owners.values().stream().mapToDouble(o -> o.served(now)).min().orElse(0);
  }

  /** Nanoseconds since this was made: small enough to multiply by a slot count as a double. */
  private long now() {
    return nanoClock.getAsLong() - origin;
  }

  private void dispatch() {
    long now = now();
    while (!waiting.isEmpty()) {
      Request next =
          waiting.stream()
              .min(
                  Comparator.comparingInt((Request r) -> r.share.priority())
                      .thenComparingDouble(r -> r.owner.served(now))
                      .thenComparingLong(r -> r.arrival))
              .orElseThrow();
      if (next.count > free) {
        break;
      }
      waiting.remove(next);
      free -= next.count;
      next.grantedAt = now;
      next.owner.holding += next.count;
      next.owner.holdingSince += (double) next.count * now;
    }
    notifyAll();
  }

  private synchronized void release(Request request) {
    if (request.released) {
      return;
    }
    request.released = true;
    Owner owner = request.owner;
    if (request.grantedAt < 0) {
      waiting.remove(request);
    } else {
      long now = now();
      owner.used += (double) request.count * (now - request.grantedAt);
      owner.holding -= request.count;
      owner.holdingSince -= (double) request.count * request.grantedAt;
      free += request.count;
    }
    if (--owner.requests == 0) {
      owners.values().remove(owner);
    }
    dispatch();
  }

  private synchronized boolean await(Request request, Duration maxWait)
      throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (request.grantedAt < 0 && !request.released) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return request.grantedAt >= 0 && !request.released;
  }

  /** An owner with requests waiting or holding slots; forgotten when it has none. */
  private static final class Owner {
    final int weight;
    int requests;
    int holding;

    /** Slot-nanoseconds of slots given back, plus the level it started at. */
    double used;

    /** The sum of count x grant time over the slots held now. */
    double holdingSince;

    Owner(int weight, double levelPerWeight) {
      this.weight = weight;
      this.used = levelPerWeight * weight;
    }

    /** Slot-time used so far, the slots held now included, per unit of weight. */
    double served(long now) {
      return (used + holding * (double) now - holdingSince) / weight;
    }
  }

  /** One invocation's place in the queue, then its slots. */
  public final class Request {
    private final Share share;
    private final int count;
    private final Owner owner;
    private final long arrival;
    private long grantedAt = -1;
    private boolean released;

    private Request(Share share, int count, Owner owner, long arrival) {
      this.share = share;
      this.count = count;
      this.owner = owner;
      this.arrival = arrival;
    }

    /** Waits up to {@code maxWait} for its turn; true once it holds its slots. */
    public boolean await(Duration maxWait) throws InterruptedException {
      return FairSlots.this.await(this, maxWait);
    }

    /** Gives its slots back, or leaves the queue if it is still waiting. Idempotent. */
    public void release() {
      FairSlots.this.release(this);
    }
  }
}
