package dev.fanout.workflow.page;

import dev.fanout.job.JobSpec;
import dev.fanout.workflow.job.MapperPlan;

/**
 * What a group of a job's pages is started with.
 *
 * @param spec the job's spec, without its input, with the failure policy in force
 * @param pagesUri where every page of the job is listed ({@link MapperPlan#pagesUri()})
 * @param range the pages this group runs, and their sub-jobs
 * @param lastPage the job's last page, which passes no slots on
 * @param slots the window slots the group's first page starts with
 * @param first whether the group holds the job's first page
 * @param reportTo the workflow the group reports its counts to: its job, or the group above
 * @param groupWidth the most parts the group starts itself
 */
public record GroupRequest(
    String jobId,
    JobSpec spec,
    String pagesUri,
    PartRef range,
    int lastPage,
    int jobTotal,
    int slots,
    boolean first,
    String reportTo,
    int groupWidth) {}
