package dev.fanout.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubJobBatchesTest {

  private static List<SubJobSpec> items(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new SubJobSpec("g" + i, IntNode.valueOf(i), null))
        .toList();
  }

  @Test
  void oneItemPerTaskLeavesTheItemsAsTheyAre() {
    List<SubJobSpec> items = items(3);
    assertThat(SubJobBatches.group(items, 1)).isSameAs(items);
  }

  @Test
  void itemsAreGroupedInOrderWithTheLastBatchShort() {
    List<SubJobSpec> batches = SubJobBatches.group(items(7), 3);

    assertThat(batches).extracting(SubJobSpec::key).containsExactly("g0..g2", "g3..g5", "g6..g6");
    assertThat(batches.get(1).params().toString()).isEqualTo("[3,4,5]");
    assertThat(batches.get(2).params().toString()).isEqualTo("[6]");
  }

  @Test
  void aBatchAsksForTheWidestResourcesOfItsItems() {
    List<SubJobSpec> items =
        List.of(
            new SubJobSpec("a", null, new Resources(2, null, null, Duration.ofHours(1))),
            new SubJobSpec("b", null, new Resources(1, 4000, null, Duration.ofHours(2))),
            new SubJobSpec("c", null, null));

    SubJobSpec batch = SubJobBatches.group(items, 3).get(0);

    assertThat(batch.resources()).isEqualTo(new Resources(2, 4000, null, Duration.ofHours(2)));
    assertThat(batch.params().toString()).isEqualTo("[null,null,null]");
  }
}
