package dev.fanout.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.java.HandlerContext;
import dev.fanout.executor.java.InvalidInputException;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.Json;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sub-job: GC content and k-mer spectrum of each contig in one chunk. Contigs are summed into GC
 * bins of {@value #BIN_PERCENT}%, so what goes back to the workflow stays small.
 */
final class GcProfile implements JavaHandler {

  static final int BIN_PERCENT = 5;

  @Override
  public JsonNode handle(JsonNode params, HandlerContext context) throws Exception {
    String path = DemoInput.text(params, "fasta");
    long offset = params.path("offset").asLong();
    int length = params.path("length").asInt();
    int k = DemoInput.positiveInt(params, "k", 4);
    byte[] chunk = new byte[length];
    try (RandomAccessFile file = new RandomAccessFile(path, "r")) {
      file.seek(offset);
      file.readFully(chunk);
    } catch (FileNotFoundException e) {
      throw new InvalidInputException("fasta: cannot read " + e.getMessage());
    } catch (EOFException e) {
      throw new InvalidInputException(
          "offset, length: " + path + " ends before byte " + (offset + length));
    }
    Map<Integer, Bin> bins = new TreeMap<>();
    int contigs = 0;
    for (Fasta.Sequence contig : Fasta.parse(new String(chunk, StandardCharsets.US_ASCII))) {
      String bases = contig.bases().toUpperCase();
      double gc = gcFraction(bases);
      int bin = (int) Math.floor(gc * 100 / BIN_PERCENT) * BIN_PERCENT;
      bins.computeIfAbsent(bin, b -> new Bin()).add(bases, k);
      contigs++;
    }
    context.log().info("{} contigs in {} GC bins", contigs, bins.size());
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("contigs", contigs);
    ObjectNode binsJson = out.putObject("bins");
    bins.forEach((bin, b) -> binsJson.set(String.valueOf(bin), b.toJson()));
    return out;
  }

  static double gcFraction(String bases) {
    int gc = 0;
    int acgt = 0;
    for (int i = 0; i < bases.length(); i++) {
      char c = bases.charAt(i);
      if (c == 'G' || c == 'C') {
        gc++;
        acgt++;
      } else if (c == 'A' || c == 'T') {
        acgt++;
      }
    }
    return acgt == 0 ? 0 : (double) gc / acgt;
  }

  /** Contigs, bases and k-mer counts of one GC bin. */
  static final class Bin {
    int contigs;
    long bases;
    final Map<String, Long> kmers = new TreeMap<>();

    void add(String sequence, int k) {
      contigs++;
      bases += sequence.length();
      for (int i = 0; i + k <= sequence.length(); i++) {
        String kmer = sequence.substring(i, i + k);
        if (kmer.chars().allMatch(c -> "ACGT".indexOf(c) >= 0)) {
          kmers.merge(kmer, 1L, Long::sum);
        }
      }
    }

    ObjectNode toJson() {
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.put("contigs", contigs);
      json.put("bases", bases);
      ObjectNode counts = json.putObject("kmers");
      kmers.forEach(counts::put);
      return json;
    }
  }
}
