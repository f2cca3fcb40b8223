package dev.fanout.job;

import java.util.List;

/**
 * How a job's sub-jobs are keyed in the results cache.
 *
 * @param mode how an input file counts: {@code lenient} (path, size and modification time, the
 *     default) or {@code deep} (a digest of its content); or {@code off}: the job keys nothing and
 *     keeps nothing, so it cannot be resumed (and pays nothing for the cache)
 * @param inputFiles the params fields that name input files; null for every param string that names
 *     an existing file
 */
public record CacheSpec(String mode, List<String> inputFiles) {

  public static final String LENIENT = "lenient";
  public static final String DEEP = "deep";
  public static final String OFF = "off";
  public static final CacheSpec DEFAULT = new CacheSpec(LENIENT, null);

  public boolean deep() {
    return DEEP.equals(mode);
  }

  public boolean off() {
    return OFF.equals(mode);
  }

  public CacheSpec withDefaults() {
    return new CacheSpec(mode != null ? mode : LENIENT, inputFiles);
  }
}
