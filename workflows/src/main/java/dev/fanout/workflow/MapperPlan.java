package dev.fanout.workflow;

import java.util.List;

/** What the mapper made of the job: how many sub-jobs, stored in which pages, in index order. */
public record MapperPlan(int total, List<PageRef> pages) {}
