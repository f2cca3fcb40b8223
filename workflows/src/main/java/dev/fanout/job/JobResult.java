package dev.fanout.job;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a finished job returns: the reducer's output, or with no reducer the ordered list of sub-job
 * results.
 */
public record JobResult(String jobId, StateCounts counts, JsonNode output) {}
