package dev.fanout.workflow.page;

import dev.fanout.job.StateCounts;

/** A page's counts, sent to its job as it goes, so the job's progress covers every page. */
public record PageReport(int page, StateCounts counts) {}
