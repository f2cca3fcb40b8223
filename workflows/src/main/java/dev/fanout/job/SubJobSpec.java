package dev.fanout.job;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One sub-job as the mapper made it: a key the user recognises (a genome id, a file name), the
 * parameters handed to the task function, and optionally resources that override the task's.
 */
public record SubJobSpec(String key, JsonNode params, Resources resources) {}
