package dev.fanout.cache;

import dev.fanout.job.Json;
import dev.fanout.workflow.CacheHit;
import dev.fanout.workflow.CacheQuery;
import dev.fanout.workflow.PageCache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keys a page's sub-jobs and, for a job that resumes, finds the entries their keys name. */
public final class PageCheck {

  /**
   * The most inline output one page's hits carry: they come back as one local activity result,
   * which the page's history records. Hits past it run again instead (see DESIGN.md).
   */
  static final int MAX_INLINE_BYTES = 512 * 1024;

  private PageCheck() {}

  public static PageCache check(CacheEntries entries, CacheQuery query) throws IOException {
    List<String> keys = new ArrayList<>(query.specs().size());
    List<CacheHit> hits = new ArrayList<>();
    int inline = 0;
    for (int i = 0; i < query.specs().size(); i++) {
      String key =
          CacheKeys.of(
              query.owner(),
              query.function(),
              query.identity(),
              query.cache(),
              query.specs().get(i).params());
      keys.add(key);
      if (key == null || !query.reuse()) {
        continue;
      }
      Optional<CacheHit> hit = entries.find(key, query.firstIndex() + i);
      if (hit.isPresent()) {
        int bytes = hit.get().output() == null ? 0 : Json.size(hit.get().output());
        if (inline + bytes <= MAX_INLINE_BYTES) {
          inline += bytes;
          hits.add(hit.get());
        }
      }
    }
    return new PageCache(keys, hits);
  }
}
