package dev.fanout.workflow;

import java.util.List;

/**
 * What the results cache said of a page.
 *
 * @param keys each sub-job's cache key, in the page's order
 * @param hits the sub-jobs whose output an earlier run left, in index order
 */
public record PageCache(List<String> keys, List<CacheHit> hits) {}
