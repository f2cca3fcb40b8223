package dev.fanout.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;

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
    List<SubJobSpec> batches = new ArrayList<>((items.size() + itemsPerTask - 1) / itemsPerTask);
    for (int first = 0; first < items.size(); first += itemsPerTask) {
      List<SubJobSpec> batch = items.subList(first, Math.min(first + itemsPerTask, items.size()));
      ArrayNode params = Json.MAPPER.createArrayNode();
      Resources resources = null;
      for (SubJobSpec item : batch) {
        params.add(item.params() == null ? NullNode.getInstance() : item.params());
        resources = Resources.widest(resources, item.resources());
      }
      String key = batch.get(0).key() + ".." + batch.get(batch.size() - 1).key();
      batches.add(new SubJobSpec(key, params, resources));
    }
    return batches;
  }
}
