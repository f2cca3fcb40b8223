package dev.fanout.workflow.job;

import dev.fanout.job.InvalidJobSpecException;
import dev.fanout.job.JobSpec;
import dev.fanout.job.JobSpecParser;
import dev.fanout.job.SpecDocument;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/** The spec a job was started with, judged by the rules of when it started. */
public final class StartedSpec {

  /**
   * Jobs started since specs are held to strict input (duplicate fields, trailing content, scalars
   * of the wrong JSON type, oversized functions); one started before is judged as it was then.
   */
  public static final String STRICT_INPUT = "strict-input";

  private StartedSpec() {}

  /**
   * A spec that only the rules before {@value #STRICT_INPUT} accept runs on if its job was started
   * before them (its history has no marker), as it did then; the version is asked only of such a
   * spec, so every other job's history is as before. A spec refused either way is the job's
   * non-retryable failure.
   */
  static JobSpec parse(SpecDocument specJson) {
    InvalidJobSpecException refused;
    try {
      return JobSpecParser.parse(specJson);
    } catch (InvalidJobSpecException e) {
      refused = e;
    }
    if (Workflow.getVersion(STRICT_INPUT, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      try {
        return JobSpecParser.parseLenient(specJson.tree());
      } catch (InvalidJobSpecException e) {
        refused = e;
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        refused.getMessage(), InvalidJobSpecException.FAILURE_TYPE, refused.errors());
  }
}
