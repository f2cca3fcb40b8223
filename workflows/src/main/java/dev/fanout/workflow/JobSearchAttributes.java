package dev.fanout.workflow;

import dev.fanout.job.JobPhase;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The search attributes an operator finds jobs by in the Temporal UI: whose they are and where they
 * are ({@code FanoutOwner = "alice" AND FanoutPhase = "RUNNING"}). A cluster gets them from {@code
 * fanout setup}. A job carries them only if it was started with them, and only such a job updates
 * its phase: upserting an attribute the server does not know would fail every workflow task.
 */
public final class JobSearchAttributes {

  public static final SearchAttributeKey<String> OWNER =
      SearchAttributeKey.forKeyword("FanoutOwner");
  public static final SearchAttributeKey<String> PHASE =
      SearchAttributeKey.forKeyword("FanoutPhase");
  public static final List<SearchAttributeKey<String>> ALL = List.of(OWNER, PHASE);

  private JobSearchAttributes() {}

  /** What a job is started with. */
  public static SearchAttributes atStart(String owner) {
    return SearchAttributes.newBuilder()
        .set(OWNER, owner)
        .set(PHASE, JobPhase.MAPPING.name())
        .build();
  }

  /** Records a new phase, if this job was started with the attributes. */
  public static void upsertPhase(JobPhase phase) {
    if (Workflow.getTypedSearchAttributes().containsKey(PHASE)) {
      Workflow.upsertTypedSearchAttributes(PHASE.valueSet(phase.name()));
    }
  }
}
