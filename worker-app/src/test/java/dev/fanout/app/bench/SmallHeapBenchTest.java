package dev.fanout.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap a worker held is read off its GC log, as -Xlog:gc writes it (lines captured here). */
class SmallHeapBenchTest {

  @TempDir Path dir;

  @Test
  void theMostHeldAfterAnyCollectionIsTheLargestAfterValue() throws Exception {
    Path log = dir.resolve("gc.log");
    Files.writeString(
        log,
        """
        [0.012s][info][gc] Using G1
        [109.757s][info][gc] GC(115) Pause Young (Normal) (G1 Evacuation Pause) 442M->228M(512M) 71.882ms
        [115.371s][info][gc] GC(120) Pause Young (Concurrent Start) (G1 Humongous Allocation) 403M->403M(512M) 3.1ms
        [115.900s][info][gc] GC(121) Concurrent Mark Cycle 412.3ms
        [116.358s][info][gc] GC(122) Pause Young (Normal) (G1 Evacuation Pause) 440M->234M(512M) 55.783ms
        """);

    assertThat(SmallHeapBench.maxAfterGc(log)).isEqualTo(403);
  }
}
