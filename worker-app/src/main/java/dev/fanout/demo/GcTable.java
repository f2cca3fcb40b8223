package dev.fanout.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.java.HandlerContext;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reducer: merges every chunk's GC bins into one table: contigs per GC bin (a histogram whose peaks
 * are the organisms of a metagenome), their mean length, and each bin's commonest k-mers.
 */
final class GcTable implements JavaHandler {

  private static final int BAR_MAX = 40;
  private static final int TOP_KMERS = 3;

  @Override
  public JsonNode handle(JsonNode input, HandlerContext context) {
    Map<Integer, long[]> contigsAndBases = new TreeMap<>();
    Map<Integer, Map<String, Long>> kmersByBin = new HashMap<>();
    int chunks = 0;
    for (SubJobResult result : context.results()) {
      if (!result.state().hasOutput()) {
        continue;
      }
      chunks++;
      Iterator<Map.Entry<String, JsonNode>> bins = result.output().path("bins").fields();
      while (bins.hasNext()) {
        Map.Entry<String, JsonNode> bin = bins.next();
        int gc = Integer.parseInt(bin.getKey());
        long[] totals = contigsAndBases.computeIfAbsent(gc, g -> new long[2]);
        totals[0] += bin.getValue().path("contigs").asLong();
        totals[1] += bin.getValue().path("bases").asLong();
        Map<String, Long> kmers = kmersByBin.computeIfAbsent(gc, g -> new HashMap<>());
        bin.getValue()
            .path("kmers")
            .fields()
            .forEachRemaining(e -> kmers.merge(e.getKey(), e.getValue().asLong(), Long::sum));
      }
    }
    long most = contigsAndBases.values().stream().mapToLong(t -> t[0]).max().orElse(1);
    long contigs = contigsAndBases.values().stream().mapToLong(t -> t[0]).sum();
    ObjectNode table = Json.MAPPER.createObjectNode();
    ArrayNode columns = table.putArray("columns");
    for (String c : new String[] {"GC %", "contigs", "mean length", "top k-mers", "histogram"}) {
      columns.add(c);
    }
    ArrayNode rows = table.putArray("rows");
    contigsAndBases.forEach(
        (gc, totals) -> {
          ArrayNode row = rows.addArray();
          row.add(gc + "-" + (gc + GcProfile.BIN_PERCENT));
          row.add(totals[0]);
          row.add(totals[0] == 0 ? 0 : totals[1] / totals[0]);
          row.add(top(kmersByBin.get(gc)));
          row.add("#".repeat((int) Math.max(1, totals[0] * BAR_MAX / most)));
        });
    table.put(
        "caption",
        contigs
            + " contigs from "
            + chunks
            + " sub-jobs, in "
            + GcProfile.BIN_PERCENT
            + "% GC bins");
    context.log().info("merged {} sub-jobs: {} contigs", chunks, contigs);
    return table;
  }

  private static String top(Map<String, Long> kmers) {
    return kmers.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(TOP_KMERS)
        .map(Map.Entry::getKey)
        .collect(Collectors.joining(" "));
  }
}
