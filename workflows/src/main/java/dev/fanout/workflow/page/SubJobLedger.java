package dev.fanout.workflow.page;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import dev.fanout.workflow.CacheHit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bookkeeping of one page of a job's sub-jobs: what is launched, what is in flight, what came
 * back, and whether the job's failure policy still holds, counting the failures of earlier pages
 * that reached this one. Plain Java with no Temporal calls, so the workflow stays a short story and
 * this stays testable on its own. Completions are idempotent: a sub-job that is already final is
 * not counted twice. Indexes are the job's, starting at the page's {@code firstIndex}.
 */
final class SubJobLedger {

  private final int firstIndex;
  private final List<SubJobSpec> specs;
  private final SubJobResult[] views;
  private FailurePolicy policy;
  private final int jobTotal;
  private final Map<SubJobState, Integer> counts = new EnumMap<>(SubJobState.class);
  private int nextToLaunch;
  private int upstreamFailures;

  /**
   * @param jobTotal how many sub-jobs the whole job has, which a failure percentage is judged
   *     against
   */
  SubJobLedger(int firstIndex, List<SubJobSpec> specs, FailurePolicy policy, int jobTotal) {
    this.firstIndex = firstIndex;
    this.specs = List.copyOf(specs);
    this.policy = policy;
    this.jobTotal = jobTotal;
    this.views = new SubJobResult[specs.size()];
    for (int i = 0; i < views.length; i++) {
      views[i] = SubJobResult.pending(firstIndex + i, specs.get(i));
    }
    counts.put(SubJobState.PENDING, views.length);
  }

  static SubJobLedger empty() {
    return new SubJobLedger(0, List.of(), FailurePolicy.NONE_TOLERATED, 0);
  }

  int total() {
    return views.length;
  }

  boolean hasUnlaunched() {
    return nextToLaunch < views.length;
  }

  int inFlight() {
    return count(SubJobState.RUNNING);
  }

  SubJobSpec spec(int index) {
    return specs.get(index - firstIndex);
  }

  SubJobResult view(int index) {
    return views[index - firstIndex];
  }

  /** Marks the next pending sub-job running and returns its index. */
  int launchNext(Instant now) {
    SubJobResult next = views[nextToLaunch++].moved(SubJobState.RUNNING, now);
    replace(next);
    passReused();
    return next.index();
  }

  /**
   * Marks the sub-jobs whose outputs the results cache holds CACHED, before anything is launched;
   * they are never launched. Returns how many.
   */
  int reuse(List<CacheHit> hits, Instant now) {
    for (CacheHit hit : hits) {
      SubJobSpec spec = spec(hit.index());
      replace(
          new SubJobResult(
              hit.index(),
              spec.key(),
              SubJobState.CACHED,
              spec.params(),
              hit.output(),
              hit.outputRef(),
              null,
              0,
              null,
              now,
              null,
              null,
              hit.origin()));
    }
    passReused();
    return hits.size();
  }

  /** Moves the next sub-job to launch past those already final (reused). */
  private void passReused() {
    while (nextToLaunch < views.length && views[nextToLaunch].state().isFinal()) {
      nextToLaunch++;
    }
  }

  /** Records a final result; returns false, changing nothing, if that sub-job was already final. */
  boolean complete(SubJobResult result) {
    if (!result.state().isFinal()) {
      throw new IllegalArgumentException("not a final state: " + result.state());
    }
    if (view(result.index()).state().isFinal()) {
      return false;
    }
    replace(result);
    return true;
  }

  /**
   * Marks every sub-job that was never launched SKIPPED, the job having stopped before reaching
   * them; returns how many.
   */
  int skipUnlaunched(Instant now) {
    int skipped = 0;
    for (; nextToLaunch < views.length; nextToLaunch++) {
      if (!views[nextToLaunch].state().isFinal()) {
        replace(views[nextToLaunch].moved(SubJobState.SKIPPED, now));
        skipped++;
      }
    }
    return skipped;
  }

  /** Takes the latest count of failures in earlier pages; counts only ever grow. */
  void noteUpstreamFailures(int failures) {
    upstreamFailures = Math.max(upstreamFailures, failures);
  }

  /** Failures in this page and the earlier ones, as far as this page knows. */
  int failuresSoFar() {
    return upstreamFailures + count(SubJobState.FAILED);
  }

  /** The job's failure policy changed while it runs. */
  void tolerate(FailurePolicy policy) {
    this.policy = policy;
  }

  boolean failureToleranceExceeded() {
    return policy.isExceeded(failuresSoFar(), jobTotal);
  }

  StateCounts counts() {
    return new StateCounts(
        count(SubJobState.PENDING),
        count(SubJobState.RUNNING),
        count(SubJobState.SUCCEEDED),
        count(SubJobState.FAILED),
        count(SubJobState.CANCELLED),
        count(SubJobState.SKIPPED),
        count(SubJobState.CACHED));
  }

  /** Every sub-job in index order. */
  List<SubJobResult> results() {
    return List.of(views);
  }

  /** Sub-jobs {@code offset..offset+limit} of those in {@code state} (all when null). */
  TaskPage page(int offset, int limit, SubJobState state) {
    List<SubJobResult> matching =
        state == null
            ? Arrays.asList(views)
            : Arrays.stream(views).filter(v -> v.state() == state).collect(Collectors.toList());
    int from = Math.min(Math.max(offset, 0), matching.size());
    int to = Math.min(from + Math.max(limit, 0), matching.size());
    return new TaskPage(from, matching.size(), new ArrayList<>(matching.subList(from, to)));
  }

  /** How many errors a job's failure message quotes. */
  static final int QUOTED_ERRORS = 3;

  /** Says how many failed and quotes the first few errors, for the job's failure message. */
  String failureSummary(int quoted) {
    String first =
        Arrays.stream(views)
            .filter(v -> v.state() == SubJobState.FAILED)
            .limit(quoted)
            .map(
                v ->
                    "#"
                        + v.index()
                        + " "
                        + v.key()
                        + ": "
                        + (v.error() == null ? "?" : v.error().type() + ": " + v.error().message()))
            .collect(Collectors.joining("; "));
    return failuresSoFar()
        + " of "
        + jobTotal
        + " sub-jobs failed, more than the failure policy tolerates "
        + "("
        + policy.describe()
        + "); first errors: "
        + first;
  }

  private void replace(SubJobResult next) {
    int slot = next.index() - firstIndex;
    counts.merge(views[slot].state(), -1, Integer::sum);
    counts.merge(next.state(), 1, Integer::sum);
    views[slot] = next;
  }

  private int count(SubJobState state) {
    return counts.getOrDefault(state, 0);
  }
}
