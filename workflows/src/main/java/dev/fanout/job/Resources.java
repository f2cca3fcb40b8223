package dev.fanout.job;

import java.time.Duration;
import java.util.function.BinaryOperator;

/**
 * What one invocation asks of its executor. Every field is optional; executors ignore what they
 * cannot enforce.
 *
 * @param auto size each sub-job from the function's recorded past runs ({@code fanout resources
 *     suggest}) once there are enough of them; the other fields are what it asks until then
 * @param nodes how many nodes one sub-job spans (slurm): its command is launched on each by {@code
 *     srun}, as an MPI program's ranks are; {@code cpus}, {@code memoryMb} and {@code gpus} are
 *     then per node
 */
public record Resources(
    Integer cpus, Integer memoryMb, Integer gpus, Duration walltime, Boolean auto, Integer nodes) {

  public Resources(Integer cpus, Integer memoryMb, Integer gpus, Duration walltime) {
    this(cpus, memoryMb, gpus, walltime, null, null);
  }

  public Resources(Integer cpus, Integer memoryMb, Integer gpus, Duration walltime, Boolean auto) {
    this(cpus, memoryMb, gpus, walltime, auto, null);
  }

  public boolean autoSized() {
    return Boolean.TRUE.equals(auto);
  }

  /** Enough for either: each field the larger of the two (null counts as unset). */
  public static Resources widest(Resources a, Resources b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return new Resources(
        larger(a.cpus, b.cpus, Math::max),
        larger(a.memoryMb, b.memoryMb, Math::max),
        larger(a.gpus, b.gpus, Math::max),
        larger(a.walltime, b.walltime, (x, y) -> x.compareTo(y) >= 0 ? x : y),
        larger(a.auto, b.auto, Boolean::logicalOr),
        larger(a.nodes, b.nodes, Math::max));
  }

  private static <T> T larger(T a, T b, BinaryOperator<T> max) {
    return a == null ? b : b == null ? a : max.apply(a, b);
  }
}
