package dev.fanout.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.app.FanoutCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code fanout bench} at a tiny size on its embedded server: every in-process row family is wired
 * to its option and prints its rows, each baseline at 1.0000. Asserts no timings (the machine is
 * shared); the bench's own figures come from full-size runs (docs/BENCHMARKS.md).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BenchCommandTest {

  @Test
  void everyRequestedFamilyPrintsItsRows() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FanoutCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int code =
        cli.execute(
            "bench",
            "--sub-jobs=20",
            "--max-parallel=5,10",
            "--repeat=1",
            "--naive-sub-jobs=10",
            "--busy-ms=5",
            "--large=30",
            "--resume-sub-jobs=200",
            "--fair-share=6",
            "--fair-share-ms=20",
            "--scale-out=0",
            "--small-heap=0");

    assertThat(code).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("what").contains("ratio to baseline");
    List<String> rows = lines.subList(1, lines.size() - 1);
    assertThat(rows)
        .extracting(line -> line.split(" {2,}")[0] + " " + line.split(" {2,}")[1])
        .containsExactly(
            "thread pool, 5 threads 20",
            "fanout, java no-op 20",
            "thread pool, 10 threads 20",
            "fanout, java no-op 20",
            "naive: one run, all 10 at once 10",
            "fanout, java no-op 10",
            "ideal: n × 5 ms / maxParallel 20",
            "fanout, 5 ms sleep 20",
            "thread pool, 10 threads 30",
            "fanout, java no-op 30",
            "fanout, java no-op, first run 200",
            "the same, cache off 200",
            "re-run with --resume 200",
            "re-run with --resume, 1% of params changed 200",
            "ideal: 2n × 20 ms / " + BenchEngine.processSlots() + " slots 12",
            "fanout, two owners 1:1, 20 ms sleep 12",
            "fanout, two owners 2:1, 20 ms sleep 12");
    for (int baseline : List.of(0, 2, 4, 6, 8, 10, 14)) {
      assertThat(Arrays.asList(rows.get(baseline).split(" {2,}"))).contains("1.0000");
    }
    assertThat(rows.get(7)).contains("slot utilisation").contains("to the next launch");
    assertThat(rows.get(9)).contains("peak heap").contains("largest of 2 runs");
    assertThat(rows.get(11)).contains("what the cache costs a first run");
    assertThat(rows.get(12)).contains("0 ran, 200 cached");
    assertThat(rows.get(13)).contains("2 ran, 198 cached");
    assertThat(rows.get(15)).contains("ann ").contains("ben ").contains("slot-s in the first");
    assertThat(lines.get(lines.size() - 1)).startsWith("best of 1; ");
    assertThat(err.toString().lines().filter(l -> l.startsWith("measured: "))).hasSize(17);
  }
}
