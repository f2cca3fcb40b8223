package dev.fanout.workflow;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.StateCounts;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobSpec;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bookkeeping of one job's sub-jobs: what is launched, what is in flight, what came back, and
 * whether the failure policy still holds. Plain Java with no Temporal calls, so the workflow stays
 * a short story and this stays testable on its own. Completions are idempotent: a sub-job that is
 * already final is not counted twice.
 */
final class SubJobLedger {

  private final List<SubJobSpec> specs;
  private final SubJobResult[] views;
  private final FailurePolicy policy;
  private final Map<SubJobState, Integer> counts = new EnumMap<>(SubJobState.class);
  private int nextToLaunch;

  SubJobLedger(List<SubJobSpec> specs, FailurePolicy policy) {
    this.specs = List.copyOf(specs);
    this.policy = policy;
    this.views = new SubJobResult[specs.size()];
    for (int i = 0; i < views.length; i++) {
      SubJobSpec spec = specs.get(i);
      views[i] =
          new SubJobResult(
              i,
              spec.key(),
              SubJobState.PENDING,
              spec.params(),
              null,
              null,
              0,
              null,
              null,
              null,
              null);
    }
    counts.put(SubJobState.PENDING, views.length);
  }

  static SubJobLedger empty() {
    return new SubJobLedger(List.of(), FailurePolicy.NONE_TOLERATED);
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
    return specs.get(index);
  }

  SubJobResult view(int index) {
    return views[index];
  }

  /** Marks the next pending sub-job running and returns its index. */
  int launchNext(Instant now) {
    int index = nextToLaunch++;
    SubJobResult v = views[index];
    replace(
        new SubJobResult(
            index, v.key(), SubJobState.RUNNING, v.params(), null, null, 0, now, null, null, null));
    return index;
  }

  /** Records a final result; returns false, changing nothing, if that sub-job was already final. */
  boolean complete(SubJobResult result) {
    if (!result.state().isFinal()) {
      throw new IllegalArgumentException("not a final state: " + result.state());
    }
    if (views[result.index()].state().isFinal()) {
      return false;
    }
    replace(result);
    return true;
  }

  /** Marks every sub-job that was never launched SKIPPED: the job stopped before reaching them. */
  void skipUnlaunched(Instant now) {
    while (hasUnlaunched()) {
      SubJobResult v = views[nextToLaunch++];
      replace(
          new SubJobResult(
              v.index(),
              v.key(),
              SubJobState.SKIPPED,
              v.params(),
              null,
              null,
              0,
              null,
              now,
              null,
              null));
    }
  }

  boolean failureToleranceExceeded() {
    return policy.isExceeded(count(SubJobState.FAILED), views.length);
  }

  StateCounts counts() {
    return new StateCounts(
        count(SubJobState.PENDING),
        count(SubJobState.RUNNING),
        count(SubJobState.SUCCEEDED),
        count(SubJobState.FAILED),
        count(SubJobState.CANCELLED),
        count(SubJobState.SKIPPED));
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

  /** Says how many failed and quotes the first few errors, for the job's failure message. */
  String failureSummary(int quoted) {
    int failed = count(SubJobState.FAILED);
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
    return failed
        + " of "
        + views.length
        + " sub-jobs failed, more than the failure policy tolerates "
        + describe(policy)
        + "; first errors: "
        + first;
  }

  private static String describe(FailurePolicy p) {
    List<String> parts = new ArrayList<>();
    if (p.toleratedFailures() != null) {
      parts.add("toleratedFailures=" + p.toleratedFailures());
    }
    if (p.toleratedFailurePercent() != null) {
      parts.add("toleratedFailurePercent=" + p.toleratedFailurePercent());
    }
    return "(" + (parts.isEmpty() ? "none" : String.join(", ", parts)) + ")";
  }

  private void replace(SubJobResult next) {
    SubJobResult previous = views[next.index()];
    counts.merge(previous.state(), -1, Integer::sum);
    counts.merge(next.state(), 1, Integer::sum);
    views[next.index()] = next;
  }

  private int count(SubJobState state) {
    return counts.getOrDefault(state, 0);
  }
}
