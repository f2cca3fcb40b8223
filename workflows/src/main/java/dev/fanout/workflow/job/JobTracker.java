package dev.fanout.workflow.job;

import dev.fanout.job.FailurePolicy;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobWindow;
import dev.fanout.job.StateCounts;
import dev.fanout.workflow.JobSearchAttributes;
import dev.fanout.workflow.page.PageReport;
import dev.fanout.workflow.page.PageStatus;
import dev.fanout.workflow.page.PartRef;
import dev.fanout.workflow.page.PartReports;
import dev.fanout.workflow.page.PartStatus;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/**
 * What a job knows of itself for its queries and the Temporal UI: its phase, its pages' last
 * reports, when it started and last changed. Every change refreshes the UI's current details, and a
 * new phase the phase search attribute (when the job carries it). Workflow code: it reads the
 * workflow's clock.
 */
final class JobTracker {

  private final PartReports reported = new PartReports();
  private JobPhase phase = JobPhase.MAPPING;
  private Instant startedAt;
  private Instant updatedAt;
  private String owner;
  private JobWindow window = new JobWindow(0, null, null);
  private MapperPlan plan;
  private List<PartRef> parts = List.of();

  void started() {
    startedAt = now();
  }

  void specified(String owner, int maxParallel, FailurePolicy policy) {
    this.owner = owner;
    this.window = new JobWindow(maxParallel, policy, null);
  }

  JobWindow window() {
    return window;
  }

  /** A {@code scale} changed the window or the tolerance, now. */
  void windowChanged(int maxParallel, FailurePolicy policy) {
    window = new JobWindow(maxParallel, policy, now());
    touch();
  }

  /** The job's parts are its pages, unless the plan says they run in groups ({@link #grouped}). */
  void mapped(MapperPlan plan) {
    this.plan = plan;
    this.parts = plan.pages().stream().map(PartRef::of).toList();
  }

  /** The groups of pages the job runs, as it started them. */
  void grouped(List<PartRef> groups) {
    this.parts = List.copyOf(groups);
  }

  JobPhase phase() {
    return phase;
  }

  void enter(JobPhase next) {
    phase = next;
    JobSearchAttributes.upsertPhase(next);
    touch();
  }

  /** Takes a part's report; reports from one part may cross, and done counts only grow. */
  void report(PageReport report) {
    if (reported.take(report)) {
      touch();
    }
  }

  JobProgress progress(String jobId) {
    return new JobProgress(
        jobId,
        owner,
        phase,
        plan == null ? 0 : plan.total(),
        counts(),
        window.maxParallel(),
        window.failurePolicy(),
        window.changedAt(),
        startedAt,
        updatedAt,
        summary(),
        null);
  }

  /**
   * The pages in index order with their last reports (one not heard from yet is all pending); none
   * when the pages run in groups, whose {@link #parts()} say more.
   */
  List<PageStatus> pages() {
    if (plan == null) {
      return List.of();
    }
    return plan.pages().stream()
        .map(page -> new PageStatus(page, reported.of(page.page(), page.count())))
        .toList();
  }

  /** The job's parts in order, pages or groups, with their last reports. */
  List<PartStatus> parts(String jobId) {
    return reported.statuses(jobId, parts, plan != null && plan.grouped());
  }

  StateCounts counts() {
    return reported.sum(parts);
  }

  private void touch() {
    updatedAt = now();
    Workflow.setCurrentDetails(summary());
  }

  private String summary() {
    return JobProgress.summary(phase, counts());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
