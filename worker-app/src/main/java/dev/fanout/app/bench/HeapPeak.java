package dev.fanout.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/** The most heap this JVM used since the last reset, summed over its heap pools' peaks. */
public final class HeapPeak {

  private final List<MemoryPoolMXBean> pools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();

  public void reset() {
    System.gc();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  public long bytes() {
    return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }
}
