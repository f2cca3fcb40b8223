package dev.fanout.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.blobs.FileBlobStore;
import dev.fanout.job.CacheOrigin;
import dev.fanout.job.ErrorInfo;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reducer's key counts of its results: their outputs, not when or how they were had. */
class ResultsDigestTest {

  @TempDir Path dir;

  private static final Instant T = Instant.parse("2026-12-02T09:00:00Z");

  private static SubJobResult result(int index, SubJobState state, int output, Instant at) {
    return new SubJobResult(
        index,
        "key-" + index,
        state,
        Json.MAPPER.createObjectNode().put("i", index),
        state.hasOutput() ? Json.MAPPER.createObjectNode().put("value", output) : null,
        null,
        state.hasOutput() ? null : new ErrorInfo("NonZeroExit", "exit code 3 at " + at),
        3,
        at,
        at.plusSeconds(1),
        "process:host:" + at.toEpochMilli(),
        "file:///logs/" + index,
        state == SubJobState.CACHED ? new CacheOrigin("earlier", index) : null);
  }

  private String digest(SubJobResult... results) throws IOException {
    FileBlobStore blobs = new FileBlobStore(dir);
    List<String> lines = new ArrayList<>();
    for (SubJobResult r : results) {
      lines.add(Json.MAPPER.writeValueAsString(r));
    }
    String uri =
        blobs
            .put(
                "job/results.jsonl",
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8))
            .toString();
    return ResultsDigest.of(blobs, uri);
  }

  @Test
  void timesAttemptsAndReuseDoNotCountOutputsAndFailuresDo() throws IOException {
    String ran =
        digest(result(0, SubJobState.SUCCEEDED, 1, T), result(1, SubJobState.SUCCEEDED, 2, T));
    Instant later = T.plusSeconds(3600);

    assertThat(
            digest(
                result(0, SubJobState.CACHED, 1, later),
                result(1, SubJobState.SUCCEEDED, 2, later)))
        .as("reused or run again, later, elsewhere: the same outputs")
        .isEqualTo(ran);
    assertThat(
            digest(result(0, SubJobState.SUCCEEDED, 1, T), result(1, SubJobState.SUCCEEDED, 5, T)))
        .as("another output")
        .isNotEqualTo(ran);
    assertThat(digest(result(0, SubJobState.SUCCEEDED, 1, T), result(1, SubJobState.FAILED, 0, T)))
        .as("a failure instead of an output")
        .isNotEqualTo(ran);
    assertThat(digest(result(0, SubJobState.SUCCEEDED, 1, T)))
        .as("one result fewer")
        .isNotEqualTo(ran);
  }
}
