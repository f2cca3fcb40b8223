package dev.fanout.app.api;

import dev.fanout.app.JobConflictException;
import dev.fanout.app.JobNotAnsweringException;
import dev.fanout.app.JobService;
import dev.fanout.app.api.ApiBodies.ApiError;
import dev.fanout.app.api.ApiBodies.Invalid;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.FieldError;
import dev.fanout.job.InvalidJobSpecException;
import dev.fanout.job.JobPhase;
import dev.fanout.job.JobProgress;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobState;
import dev.fanout.logs.LogStore;
import dev.fanout.workflow.owner.OwnerLimits;
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
  private final Authenticator auth;
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
    JobsController job = new JobsController(jobs, blobs, limits);
    JobDataController data = new JobDataController(jobs, logs, blobs);
    // Every route of the API. A route that names a job gets it through progressOf: checked
    // against the caller, and 404 for another owner's as for a missing one.
    app.before("/jobs*", this::authenticate);
    route(HandlerType.POST, "/jobs", job::submit);
    route(HandlerType.GET, "/jobs", job::list);
    route(HandlerType.GET, "/jobs/{id}", c -> job.status(c, progressOf(c)));
    route(HandlerType.PATCH, "/jobs/{id}", c -> job.scale(c, progressOf(c)));
    route(HandlerType.POST, "/jobs/{id}/cancel", c -> job.cancel(c, progressOf(c)));
    route(HandlerType.POST, "/jobs/{id}/redrive", c -> job.redrive(c, progressOf(c)));
    route(HandlerType.GET, "/jobs/{id}/tasks", c -> data.tasks(c, progressOf(c)));
    route(HandlerType.GET, "/jobs/{id}/tasks/{index}/output", c -> data.output(c, progressOf(c)));
    route(HandlerType.GET, "/jobs/{id}/logs", c -> data.logs(c, progressOf(c)));
    route(HandlerType.GET, "/jobs/{id}/timeline", c -> data.timeline(c, progressOf(c)));
    route(HandlerType.GET, "/jobs/{id}/results", c -> data.results(c, progressOf(c)));
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

  static Caller caller(Context ctx) {
    return ctx.attribute(CALLER);
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
