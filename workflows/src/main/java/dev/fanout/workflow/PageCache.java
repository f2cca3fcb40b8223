package dev.fanout.workflow;

import java.util.List;

/**
 * What the results cache said of a page.
 *
 * @param keys each sub-job's cache key, in the page's order; null for one with no key (a named
 *     input file the worker could not see)
 * @param hits the sub-jobs whose output an earlier run left, in index order
 */
public record PageCache(List<String> keys, List<CacheHit> hits) {}
