package dev.fanout.demo;

import dev.fanout.executor.java.HandlerProvider;
import dev.fanout.executor.java.JavaHandler;
import java.util.Map;

/** The demo's handlers: GC content and k-mer spectrum of the contigs in a FASTA file. */
public final class DemoHandlers implements HandlerProvider {

  @Override
  public Map<String, JavaHandler> handlers() {
    return Map.of(
        "fasta-chunks", new FastaChunks(),
        "gc-profile", new GcProfile(),
        "gc-table", new GcTable());
  }
}
