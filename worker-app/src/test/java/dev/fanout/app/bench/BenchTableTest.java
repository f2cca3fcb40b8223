package dev.fanout.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTableTest {

  private final StringWriter progress = new StringWriter();
  private final BenchTable table = new BenchTable(new PrintWriter(progress));

  @Test
  void eachRowIsARatioToItsOwnBaselineWhenTwoBaselinesShareAName() {
    // The throughput family and the large job's both measure "thread pool, 200 threads", at
    // different sizes: 100,000/s at 10,000 and 500,000/s at 100,000.
    BenchRow small = ThroughputBench.threadPoolRow(200, 10_000, 0.1);
    table.add(List.of(small, BenchRow.against(small, "fanout, java no-op", 10_000, 200, 5)));
    BenchRow large = ThroughputBench.threadPoolRow(200, 100_000, 0.2);
    table.add(List.of(large, BenchRow.against(large, "fanout, java no-op", 100_000, 200, 40)));

    assertThat(table.cells())
        .extracting(cells -> cells.get(0) + " " + cells.get(1) + ": " + cells.get(6))
        .containsExactly(
            "thread pool, 200 threads 10000: 1.0000",
            "fanout, java no-op 10000: 0.0200",
            "thread pool, 200 threads 100000: 1.0000",
            "fanout, java no-op 100000: 0.0050");
  }

  @Test
  void aRowsCellsFollowTheColumns() {
    BenchRow ideal = BenchRow.baseline("ideal: n × 50 ms / maxParallel", 10_000, 50, 10);
    table.add(
        List.of(
            ideal,
            BenchRow.against(ideal, "fanout, 50 ms sleep", 10_000, 50, 12.5)
                .withNote("slot utilisation 0.800")));

    assertThat(table.cells().get(1))
        .hasSameSizeAs(BenchTable.COLUMNS)
        .containsExactly(
            "fanout, 50 ms sleep",
            "10000",
            "50",
            "12.500",
            "800",
            "62.5",
            "0.8000",
            "slot utilisation 0.800");
  }

  @Test
  void printsEachRowAsItIsMeasured() {
    BenchRow engine = BenchRow.baseline("engine: create+start+wait+remove", 20, 1, 5.0931);
    table.add(List.of(engine));
    assertThat(progress.toString())
        .isEqualTo("measured: engine: create+start+wait+remove, n 20, maxParallel 1: 5.093 s \n");

    table.add(List.of(BenchRow.against(engine, "fanout, docker no-op", 20, 1, 5.2).withNote("x")));
    assertThat(progress.toString())
        .endsWith("measured: fanout, docker no-op, n 20, maxParallel 1: 5.200 s x\n");
  }

  @Test
  void refusesARowWhoseBaselineIsNotInTheTable() {
    BenchRow measuredElsewhere = ThroughputBench.threadPoolRow(20, 10_000, 0.03);
    // Equal in value to the row in the table, but not that row: a copy made after it was added.
    BenchRow copy = ThroughputBench.threadPoolRow(20, 10_000, 0.03);
    table.add(List.of(copy));

    assertThatThrownBy(
            () ->
                table.add(
                    List.of(
                        BenchRow.against(measuredElsewhere, "fanout, java no-op", 10_000, 20, 6))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bench row 'fanout, java no-op': its baseline 'thread pool, 20 threads' is not in the"
                + " table");
    assertThat(table.cells()).hasSize(1);
  }
}
