package dev.fanout.job;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a finished job returns.
 *
 * @param output the reducer's output; null for a job without a reducer
 * @param results the URI of the results manifest: JSONL, one {@link SubJobResult} per line in index
 *     order, with large outputs by reference
 */
public record JobResult(String jobId, StateCounts counts, JsonNode output, String results) {}
