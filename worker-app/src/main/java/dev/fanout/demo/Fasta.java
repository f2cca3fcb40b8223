package dev.fanout.demo;

import java.util.ArrayList;
import java.util.List;

/** Just enough FASTA: records, and where each record starts in the file. */
final class Fasta {

  record Sequence(String id, String bases) {}

  private Fasta() {}

  static List<Sequence> parse(String text) {
    List<Sequence> sequences = new ArrayList<>();
    String id = null;
    StringBuilder bases = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith(">")) {
        if (id != null) {
          sequences.add(new Sequence(id, bases.toString()));
        }
        String header = line.substring(1).trim();
        int space = header.indexOf(' ');
        id = space < 0 ? header : header.substring(0, space);
        bases.setLength(0);
      } else {
        bases.append(line.trim());
      }
    }
    if (id != null) {
      sequences.add(new Sequence(id, bases.toString()));
    }
    return sequences;
  }

  /** Byte offsets of every record's header line. */
  static List<Long> recordOffsets(byte[] file) {
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '>' && (i == 0 || file[i - 1] == '\n')) {
        offsets.add((long) i);
      }
    }
    return offsets;
  }
}
