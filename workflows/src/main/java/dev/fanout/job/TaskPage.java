package dev.fanout.job;

import java.util.List;

/**
 * The answer to the {@code tasks} query: sub-jobs {@code offset} to {@code offset + tasks.size()}
 * of the {@code matching} ones.
 */
public record TaskPage(int offset, int matching, List<SubJobResult> tasks) {}
