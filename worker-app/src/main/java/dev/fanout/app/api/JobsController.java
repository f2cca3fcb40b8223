package dev.fanout.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.JobService;
import dev.fanout.app.Lineage;
import dev.fanout.app.api.ApiBodies.ApiError;
import dev.fanout.app.api.ApiBodies.Cancelling;
import dev.fanout.app.api.ApiBodies.JobList;
import dev.fanout.app.api.ApiBodies.JobView;
import dev.fanout.app.api.ApiBodies.LimitReached;
import dev.fanout.app.api.ApiBodies.Submitted;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.FieldError;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.SpecDocument;
import dev.fanout.workflow.job.WindowChange;
import dev.fanout.workflow.owner.Admission;
import dev.fanout.workflow.owner.OwnerLimits;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs as a resource: submit and list them, and a job's status, window, cancel and redrive. Each
 * handler reads the request, calls {@link JobService}, which holds the rules, and writes its
 * answer; the job a route names comes in already checked against the caller ({@link ApiServer}).
 */
final class JobsController {

  private final JobService jobs;
  private final BlobStore blobs;
  private final OwnerLimits limits;

  /**
   * @param blobs the workers' blob store, where a redriven job's results are
   */
  JobsController(JobService jobs, BlobStore blobs, OwnerLimits limits) {
    this.jobs = jobs;
    this.blobs = blobs;
    this.limits = limits;
  }

  /** The body is read as a spec file is, so the same mistakes get the same answers. */
  void submit(Context ctx) {
    Caller caller = ApiServer.caller(ctx);
    SpecDocument spec = SpecDocument.read(ctx.bodyAsBytes());
    JsonNode owner =
        spec.tree() instanceof ObjectNode object ? object.path("owner") : MissingNode.getInstance();
    if (owner.isTextual() && !caller.mayTouch(owner.asText())) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          new ApiError("owner: you may submit only as yourself (" + caller.user() + ")"));
    }
    started(
        ctx,
        owner.isTextual() ? owner.asText() : caller.user(),
        jobs.submitWithin(spec, caller.user(), null, limits),
        null);
  }

  /** 202 and where the job is, or 429 naming the owner's limit that it would pass. */
  private static void started(Context ctx, String owner, Admission admission, String redriveOf) {
    if (!admission.admitted()) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          new LimitReached(
              owner
                  + " holds "
                  + admission.held()
                  + " of "
                  + admission.limit()
                  + " = "
                  + admission.limitValue(),
              admission.limit(),
              admission.limitValue(),
              admission.held()));
    }
    ctx.header("Location", "/jobs/" + admission.jobId());
    ctx.status(HttpStatus.ACCEPTED)
        .json(new Submitted(admission.jobId(), admission.maxParallel(), redriveOf));
  }

  /** A new job running again only the sub-jobs of this ended one that did not succeed. */
  void redrive(Context ctx, JobProgress progress) throws IOException {
    started(ctx, progress.owner(), jobs.redrive(progress, blobs, limits), progress.jobId());
  }

  void list(Context ctx) {
    Caller caller = ApiServer.caller(ctx);
    String owner = ctx.queryParamAsClass("owner", String.class).getOrDefault(caller.user());
    if (!caller.mayTouch(owner)) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, new ApiError("owner: only an admin may list another's jobs"));
    }
    JobPhase phase = Params.oneOf(ctx, "state", JobPhase.class);
    int limit = Params.integer(ctx, "limit", 100, 1, ApiServer.MAX_PAGE);
    ctx.json(new JobList(owner, jobs.ownedJobs(owner, phase, limit)));
  }

  void status(Context ctx, JobProgress progress) {
    Lineage lineage = jobs.lineage(progress);
    JobService.Outcome outcome = jobs.outcome(progress);
    JobView view = JobView.of(progress, lineage.redriveOf(), lineage.redrives());
    if (outcome.result() != null) {
      view = view.withResult(outcome.result());
    } else if (outcome.error() != null) {
      view = view.withError(outcome.error());
    }
    ctx.json(view);
  }

  /** A running job's new window or failure tolerance: 200 and what is in force now. */
  void scale(Context ctx, JobProgress progress) {
    // Read as strictly as a spec: a field given twice or content after the object is refused.
    SpecDocument document = SpecDocument.read(ctx.bodyAsBytes());
    if (!document.problems().isEmpty()) {
      throw ApiServer.badRequest(document.problems());
    }
    WindowChange change = windowChange(document.tree());
    try {
      ctx.json(jobs.scale(progress.jobId(), change, limits));
    } catch (JobService.OverOwnerLimit e) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          new LimitReached(e.getMessage(), "maxRunningSubJobs", e.limit(), e.held()));
    } catch (IllegalArgumentException e) {
      String[] fieldAndMessage = e.getMessage().split(": ", 2);
      throw ApiServer.badRequest(List.of(new FieldError(fieldAndMessage[0], fieldAndMessage[1])));
    }
  }

  /** The body of a PATCH: a JSON object of the fields to change, integers where they count. */
  private static WindowChange windowChange(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    if (!(body instanceof ObjectNode object)) {
      throw ApiServer.badRequest(List.of(new FieldError("(body)", "expected a JSON object")));
    }
    object
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!WINDOW_FIELDS.contains(name)) {
                errors.add(
                    new FieldError(name, "unknown field; expected some of " + WINDOW_FIELDS));
              }
            });
    for (String name : List.of("maxParallel", "toleratedFailures")) {
      JsonNode value = object.get(name);
      if (value != null && !value.isIntegralNumber()) {
        errors.add(new FieldError(name, "expected an integer, was " + value));
      }
    }
    JsonNode percent = object.get("toleratedFailurePercent");
    if (percent != null && !percent.isNumber()) {
      errors.add(new FieldError("toleratedFailurePercent", "expected a number, was " + percent));
    }
    if (errors.isEmpty() && object.isEmpty()) {
      errors.add(new FieldError("(body)", "nothing to change; expected some of " + WINDOW_FIELDS));
    }
    if (!errors.isEmpty()) {
      throw ApiServer.badRequest(errors);
    }
    return new WindowChange(
        object.has("maxParallel") ? object.get("maxParallel").asInt() : null,
        object.has("toleratedFailures") ? object.get("toleratedFailures").asInt() : null,
        percent != null ? percent.asDouble() : null);
  }

  private static final List<String> WINDOW_FIELDS =
      List.of("maxParallel", "toleratedFailures", "toleratedFailurePercent");

  void cancel(Context ctx, JobProgress progress) {
    jobs.cancel(progress);
    ctx.status(HttpStatus.ACCEPTED).json(new Cancelling(progress.jobId(), true));
  }
}
