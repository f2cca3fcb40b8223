package dev.fanout.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.CacheOrigin;

/**
 * A sub-job whose output an earlier run left in the results cache: the output as that run gave it
 * (inline, or the reference to the large one it stored), and where it came from.
 */
public record CacheHit(int index, JsonNode output, String outputRef, CacheOrigin origin) {}
