package dev.fanout.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fanout.executor.java.HandlerContext;
import dev.fanout.executor.java.InvalidInputException;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Mapper: splits a FASTA file into chunks of {@code contigsPerTask} records. A sub-job gets the
 * byte range of its chunk, not the sequences, so the sub-job list stays small however big the file
 * is (the file must be where the workers can read it).
 */
final class FastaChunks implements JavaHandler {

  @Override
  public JsonNode handle(JsonNode input, HandlerContext context) throws Exception {
    Path fasta = Path.of(DemoInput.text(input, "fasta")).toAbsolutePath();
    int perTask = DemoInput.positiveInt(input, "contigsPerTask", 100);
    int k = DemoInput.positiveInt(input, "k", 4);
    boolean inline = input.path("inline").asBoolean(false);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(fasta);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("input.fasta: no such file " + fasta);
    }
    List<Long> offsets = Fasta.recordOffsets(bytes);
    context.log().info("{}: {} contigs, {} per sub-job", fasta, offsets.size(), perTask);
    ArrayNode subJobs = Json.MAPPER.createArrayNode();
    for (int first = 0; first < offsets.size(); first += perTask) {
      int last = Math.min(first + perTask, offsets.size());
      long end = last < offsets.size() ? offsets.get(last) : bytes.length;
      var params = Json.MAPPER.createObjectNode();
      params.put("k", k);
      if (inline) {
        var sequences = params.putArray("sequences");
        String chunk =
            new String(
                bytes,
                offsets.get(first).intValue(),
                (int) (end - offsets.get(first)),
                StandardCharsets.US_ASCII);
        for (Fasta.Sequence contig : Fasta.parse(chunk)) {
          sequences.addObject().put("id", contig.id()).put("bases", contig.bases());
        }
      } else {
        params.put("fasta", fasta.toString());
        params.put("offset", offsets.get(first));
        params.put("length", end - offsets.get(first));
      }
      var subJob = subJobs.addObject();
      subJob.put("key", "contigs " + (first + 1) + "-" + last);
      subJob.set("params", params);
    }
    context.log().info("{} sub-jobs", subJobs.size());
    return subJobs;
  }
}
