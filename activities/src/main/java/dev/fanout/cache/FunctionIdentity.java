package dev.fanout.cache;

import dev.fanout.job.FunctionRef;

/**
 * What an executor runs for a function, as the results cache keys it: whatever decides the result
 * besides the params and the input files (a Java handler's name and jar version, a program's argv
 * and content digest, an image's id). One per executor, computed on that executor's pool, since
 * only it can see what it runs.
 */
@FunctionalInterface
public interface FunctionIdentity {

  /** For executors that cannot yet say what they run: nothing they run is cached. */
  FunctionIdentity NONE = function -> null;

  /** The identity, or null when this executor cannot tell (then nothing is cached). */
  String of(FunctionRef function) throws Exception;
}
