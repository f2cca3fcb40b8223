package dev.fanout.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Groups a mapper's items into sub-jobs of {@code itemsPerTask}: 100,000 tiny items can run as
 * 1,000 sub-jobs of 100, each paying the per-sub-job overhead once.
 */
public final class SubJobBatches {

  private SubJobBatches() {}

  /**
   * A sub-job of several items has the array of their params, the key {@code "first..last"} and the
   * widest of their resources.
   */
  public static List<SubJobSpec> group(List<SubJobSpec> items, int itemsPerTask) {
    if (itemsPerTask <= 1) {
      return items;
    }
    List<SubJobSpec> batches = new ArrayList<>();
    group(items.iterator(), itemsPerTask).forEachRemaining(batches::add);
    return batches;
  }

  /** {@link #group(List, int)} one batch at a time, for items that come as a stream. */
  public static Iterator<SubJobSpec> group(Iterator<SubJobSpec> items, int itemsPerTask) {
    if (itemsPerTask <= 1) {
      return items;
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public SubJobSpec next() {
        List<SubJobSpec> batch = new ArrayList<>(itemsPerTask);
        while (batch.size() < itemsPerTask && items.hasNext()) {
          batch.add(items.next());
        }
        if (batch.isEmpty()) {
          throw new NoSuchElementException();
        }
        return batched(batch);
      }
    };
  }

  private static SubJobSpec batched(List<SubJobSpec> batch) {
    ArrayNode params = Json.MAPPER.createArrayNode();
    Resources resources = null;
    for (SubJobSpec item : batch) {
      params.add(item.params() == null ? NullNode.getInstance() : item.params());
      resources = Resources.widest(resources, item.resources());
    }
    String key = batch.get(0).key() + ".." + batch.get(batch.size() - 1).key();
    return new SubJobSpec(key, params, resources);
  }
}
