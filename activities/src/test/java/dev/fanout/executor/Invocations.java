package dev.fanout.executor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.logs.LogStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the executor tests do with a running invocation and its log. */
public final class Invocations {

  private Invocations() {}

  /** What the executors give functions, over a blob store under {@code root}. */
  public static InvocationInput input(Path root) {
    return new InvocationInput(new FileBlobStore(root.resolve("blobs")));
  }

  /** Waits for the output, polling as the activity does. */
  public static JsonNode runToEnd(RunningInvocation running) throws Exception {
    while (true) {
      Optional<JsonNode> output = running.awaitOutput(Duration.ofMillis(200));
      if (output.isPresent()) {
        return output.get();
      }
    }
  }

  /** A log's lines without their timestamps. */
  public static List<String> lines(LogStore logs, String jobId, String name) {
    return logs.read(jobId, name, 0, 10_000).stream()
        .map(line -> line.substring(line.indexOf(' ') + 1))
        .toList();
  }

  /** The most of these {@code [start, end)} intervals that overlap at any instant. */
  public static int mostAtOnce(List<double[]> intervals) {
    int most = 0;
    for (double[] probe : intervals) {
      int overlapping = 0;
      for (double[] other : intervals) {
        if (other[0] <= probe[0] && probe[0] < other[1]) {
          overlapping++;
        }
      }
      most = Math.max(most, overlapping);
    }
    return most;
  }
}
