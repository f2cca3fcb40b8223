package dev.fanout.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.JobConflictException;
import dev.fanout.app.JobLogs;
import dev.fanout.app.JobNotAnsweringException;
import dev.fanout.app.JobService;
import dev.fanout.app.Lineage;
import dev.fanout.app.api.ApiBodies.ApiError;
import dev.fanout.app.api.ApiBodies.Cancelling;
import dev.fanout.app.api.ApiBodies.Invalid;
import dev.fanout.app.api.ApiBodies.JobList;
import dev.fanout.app.api.ApiBodies.JobView;
import dev.fanout.app.api.ApiBodies.LimitReached;
import dev.fanout.app.api.ApiBodies.LogLine;
import dev.fanout.app.api.ApiBodies.LogPage;
import dev.fanout.app.api.ApiBodies.Submitted;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.FieldError;
import dev.fanout.job.InvalidJobSpecException;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.Json;
import dev.fanout.job.SpecDocument;
import dev.fanout.job.SubJobState;
import dev.fanout.job.TaskPage;
import dev.fanout.logs.LogStore;
import dev.fanout.workflow.Admission;
import dev.fanout.workflow.OwnerLimits;
import dev.fanout.workflow.Role;
import dev.fanout.workflow.WindowChange;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.temporal.client.WorkflowNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API the Narrative backend calls, described by {@code /openapi.yaml}. Every call
 * under {@code /jobs} needs a bearer token; a caller sees and touches only their own jobs (an
 * admin, all), and another owner's job answers exactly as a missing one does. Jobs are submitted
 * through the owner's ledger, which enforces their limits inside Temporal. The job page ({@link
 * WebPage}) is served at {@code /} and calls the same routes.
 */
public final class ApiServer implements AutoCloseable {

  /** Bodies larger than this are refused (413) before they are read. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  static final int MAX_PAGE = 1000;

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final String CALLER = "caller";

  /** A route of the API, as registered; the OpenAPI test checks the document against these. */
  public record Route(HandlerType method, String path) {}

  private final JobService jobs;
  private final JobLogs logs;
  private final Authenticator auth;
  private final OwnerLimits limits;
  private final Javalin app;
  private final List<Route> routes = new ArrayList<>();

  /**
   * @param logs where the workers write task logs
   * @param blobs the workers' blob store, where a finished job's results are
   */
  public ApiServer(
      JobService jobs, LogStore logs, BlobStore blobs, Authenticator auth, OwnerLimits limits) {
    this.jobs = jobs;
    this.auth = auth;
    this.limits = limits;
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
              config.http.maxRequestSize = MAX_BODY_BYTES;
              Params.enums(
                  config.validation,
                  JobPhase.class,
                  SubJobState.class,
                  JobDataController.Order.class);
              WebPage.serve(config);
            });
    JobDataController data = new JobDataController(jobs, logs, blobs);
    this.logs = new JobLogs(jobs, logs);
    app.before("/jobs*", this::authenticate);
    route(HandlerType.POST, "/jobs", this::submit);
    route(HandlerType.GET, "/jobs", this::list);
    route(HandlerType.GET, "/jobs/{id}", this::status);
    route(HandlerType.PATCH, "/jobs/{id}", this::scale);
    route(HandlerType.GET, "/jobs/{id}/tasks", c -> tasks(c, data));
    route(HandlerType.GET, "/jobs/{id}/tasks/{index}/output", c -> data.output(c, progressOf(c)));
    route(HandlerType.GET, "/jobs/{id}/logs", this::logs);
    route(HandlerType.GET, "/jobs/{id}/timeline", c -> data.timeline(c, progressOf(c)));
    route(HandlerType.GET, "/jobs/{id}/results", c -> data.results(c, progressOf(c)));
    route(HandlerType.POST, "/jobs/{id}/cancel", this::cancel);
    route(HandlerType.POST, "/jobs/{id}/redrive", this::redrive);
    route(HandlerType.GET, "/openapi.yaml", this::openApi);
    app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
    app.exception(
        InvalidJobSpecException.class,
        (e, ctx) -> {
          ApiException invalid = badRequest(e.errors());
          ctx.status(invalid.status()).json(invalid.body());
        });
    app.exception(
        JobConflictException.class,
        (e, ctx) -> ctx.status(HttpStatus.CONFLICT).json(new ApiError(e.getMessage())));
    app.exception(
        JobNotAnsweringException.class,
        (e, ctx) -> ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(new ApiError(e.getMessage())));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> ctx.status(e.getStatus()).json(new ApiError(describe(e))));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("{} {} failed", ctx.method(), ctx.path(), e);
          ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(new ApiError("internal error"));
        });
    app.error(
        HttpStatus.NOT_FOUND,
        ctx -> {
          if (ctx.result() == null) {
            ctx.json(new ApiError("no such resource: " + ctx.method() + " " + ctx.path()));
          }
        });
  }

  /** Serves on {@code host:port} (port 0: any free one). */
  public ApiServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  @Override
  public void close() {
    app.stop();
  }

  private void route(HandlerType method, String path, Handler handler) {
    app.addHttpHandler(method, path, handler);
    routes.add(new Route(method, path));
  }

  private void authenticate(Context ctx) throws IOException {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(HttpStatus.UNAUTHORIZED, new ApiError("missing bearer token"));
    }
    Optional<Caller> caller = auth.authenticate(header.substring(7).strip());
    if (caller.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw new ApiException(HttpStatus.UNAUTHORIZED, new ApiError("invalid token"));
    }
    ctx.attribute(CALLER, caller.get());
  }

  private static Caller caller(Context ctx) {
    return ctx.attribute(CALLER);
  }

  /** The body is read as a spec file is, so the same mistakes get the same answers. */
  private void submit(Context ctx) {
    Caller caller = caller(ctx);
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

  private void redrive(Context ctx) throws IOException {
    JobProgress progress = progressOf(ctx);
    started(ctx, progress.owner(), jobs.redrive(progress, limits), progress.jobId());
  }

  private void list(Context ctx) {
    Caller caller = caller(ctx);
    String owner = ctx.queryParamAsClass("owner", String.class).getOrDefault(caller.user());
    if (!caller.mayTouch(owner)) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, new ApiError("owner: only an admin may list another's jobs"));
    }
    JobPhase phase = Params.oneOf(ctx, "state", JobPhase.class);
    int limit = Params.integer(ctx, "limit", 100, 1, MAX_PAGE);
    ctx.json(new JobList(owner, jobs.ownedJobs(owner, phase, limit)));
  }

  private void status(Context ctx) {
    JobProgress progress = progressOf(ctx);
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

  private void tasks(Context ctx, JobDataController data) throws IOException {
    JobProgress progress = progressOf(ctx);
    SubJobState state = Params.oneOf(ctx, "state", SubJobState.class);
    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Params.integer(ctx, "limit", 100, 1, MAX_PAGE);
    TaskPage page =
        Params.oneOf(ctx, "sort", JobDataController.Order.class) == JobDataController.Order.DURATION
            ? data.longestFirst(progress, offset, limit, state)
            : jobs.tasks(progress.jobId(), offset, limit, state);
    ctx.json(page);
  }

  /**
   * Lines of the mapper's, a sub-job's or the reducer's log, numbered from 1; {@code last} says the
   * invocation has ended and no line follows the ones returned.
   */
  private void logs(Context ctx) {
    JobProgress progress = progressOf(ctx);
    String task = ctx.queryParamAsClass("task", String.class).getOrDefault("mapper");
    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = Params.integer(ctx, "limit", 100, 1, MAX_PAGE);
    JobLogs.Page page =
        switch (task) {
          case "mapper" -> logs.read(progress, Role.MAPPER, 0, offset, limit);
          case "reducer" -> logs.read(progress, Role.REDUCER, 0, offset, limit);
          default ->
              logs.read(
                  progress,
                  Role.TASK,
                  Params.subJobIndex(
                      "task",
                      task,
                      ctx.queryParamAsClass("task", Integer.class),
                      progress.total(),
                      "mapper, reducer or a sub-job index"),
                  offset,
                  limit);
        };
    List<LogLine> numbered = new ArrayList<>();
    for (int i = 0; i < page.lines().size(); i++) {
      numbered.add(new LogLine(offset + i + 1, page.lines().get(i)));
    }
    ctx.json(new LogPage(task, offset, numbered, offset + numbered.size(), page.last()));
  }

  /** A running job's new window or failure tolerance: 200 and what is in force now. */
  private void scale(Context ctx) {
    JobProgress progress = progressOf(ctx);
    // Read as strictly as a spec: a field given twice or content after the object is refused.
    SpecDocument document = SpecDocument.read(ctx.bodyAsBytes());
    if (!document.problems().isEmpty()) {
      throw badRequest(document.problems());
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
      throw badRequest(List.of(new FieldError(fieldAndMessage[0], fieldAndMessage[1])));
    }
  }

  /** The body of a PATCH: a JSON object of the fields to change, integers where they count. */
  private static WindowChange windowChange(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    if (!(body instanceof ObjectNode object)) {
      throw badRequest(List.of(new FieldError("(body)", "expected a JSON object")));
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
      throw badRequest(errors);
    }
    return new WindowChange(
        object.has("maxParallel") ? object.get("maxParallel").asInt() : null,
        object.has("toleratedFailures") ? object.get("toleratedFailures").asInt() : null,
        percent != null ? percent.asDouble() : null);
  }

  private static final List<String> WINDOW_FIELDS =
      List.of("maxParallel", "toleratedFailures", "toleratedFailurePercent");

  private void cancel(Context ctx) {
    JobProgress progress = progressOf(ctx);
    jobs.cancel(progress);
    ctx.status(HttpStatus.ACCEPTED).json(new Cancelling(progress.jobId(), true));
  }

  private void openApi(Context ctx) throws IOException {
    try (InputStream document = ApiServer.class.getResourceAsStream("/openapi.yaml")) {
      ctx.contentType("application/yaml").result(document.readAllBytes());
    }
  }

  /** The job's progress, if the caller may see it; else 404, exactly as for a missing job. */
  private JobProgress progressOf(Context ctx) {
    String id = ctx.pathParam("id");
    ApiException missing =
        new ApiException(HttpStatus.NOT_FOUND, new ApiError("no job '" + id + "'"));
    JobProgress progress;
    try {
      progress = jobs.progress(id);
    } catch (WorkflowNotFoundException e) {
      throw missing;
    }
    if (progress.owner() == null || !caller(ctx).mayTouch(progress.owner())) {
      throw missing;
    }
    return progress;
  }

  static ApiException badRequest(List<FieldError> errors) {
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        new Invalid(errors.size() + " problem(s) with the request", errors));
  }

  private static String describe(HttpResponseException e) {
    if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
      return "body: larger than " + MAX_BODY_BYTES + " bytes";
    }
    return e.getMessage();
  }
}
