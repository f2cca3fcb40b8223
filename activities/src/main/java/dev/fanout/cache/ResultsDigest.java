package dev.fanout.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.jobdata.ResultManifest;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * What a reducer's results are, as its key in the results cache counts them: each sub-job's index,
 * key, state, params and output (a large one read from where it is stored), in index order. A
 * reused output is the output it was, so SUCCEEDED and CACHED count alike (done); times, attempts,
 * executor ids and error messages differ from run to run without changing what the sub-jobs
 * computed, so they do not count. A resumed job whose sub-jobs' outputs are the same thus reuses
 * its reducer's output, and its result is byte for byte the earlier one.
 */
public final class ResultsDigest {

  private ResultsDigest() {}

  /** The digest of the results manifest at {@code uri}, streamed one line at a time. */
  public static String of(BlobStore blobs, String uri) throws IOException {
    MessageDigest digest = Digests.sha256();
    try (ResultManifest.Results results = ResultManifest.read(blobs, uri)) {
      for (SubJobResult result : results) {
        ObjectNode counted =
            Json.MAPPER
                .createObjectNode()
                .put("index", result.index())
                .put("key", result.key())
                .put("state", result.state().hasOutput() ? "DONE" : result.state().name());
        counted.set("params", CacheKeys.canonical(result.params()));
        counted.set("output", CacheKeys.canonical(result.output()));
        digest.update(Json.MAPPER.writeValueAsBytes(counted));
        digest.update((byte) '\n');
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
