package dev.fanout.workflow;

import dev.fanout.job.CacheSpec;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.SubJobSpec;
import java.util.List;

/**
 * What a page asks of the results cache.
 *
 * @param owner whose entries are read and written: an owner never reuses another's outputs
 * @param function the task, whose fields (all but its resources and name) are part of the key
 * @param identity what the task's pool runs for the function ({@link FunctionActivities#identify})
 * @param reuse whether to look the keys up (the job asked to resume), or only compute them
 * @param specs the page's sub-jobs, the first being {@code firstIndex}
 */
public record CacheQuery(
    String owner,
    FunctionRef function,
    String identity,
    CacheSpec cache,
    boolean reuse,
    int firstIndex,
    List<SubJobSpec> specs) {}
