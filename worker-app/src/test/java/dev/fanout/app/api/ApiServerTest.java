package dev.fanout.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.BadSpecs;
import dev.fanout.app.Handlers;
import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.TestWorkers;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.jobdata.PayloadRef;
import dev.fanout.logs.LogStore;
import dev.fanout.workflow.owner.OwnerLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.common.v1.Payloads;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP API against a real server on a random loopback port, over an embedded Temporal with
 * workers: every endpoint's happy and error paths, owner isolation, the per-owner limit, and every
 * response held to the OpenAPI document, which in turn must describe exactly the server's routes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiServerTest {

  private static final String ALICE = "alice-token";
  private static final String BOB = "bob-token";
  private static final String ROOT = "root-token";

  @TempDir static Path home;
  private static TemporalSession temporal;
  private static ApiServer api;
  private static OpenApiDocument openApi;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void serve() throws Exception {
    temporal =
        TemporalSession.embedded(EmbeddedTemporal.inProcess(), "default")
            .serve(TestWorkers.java(home, handlers(), new SimpleMeterRegistry()));
    Path tokens = home.resolve("tokens");
    Files.writeString(
        tokens,
        "# token user [admin]\n"
            + ALICE
            + " alice\n"
            + BOB
            + " bob\n"
            + ROOT
            + " root admin\n"
            + "carol-token carol\n"
            + "erin-token erin\n"
            + "dave-token dave\n");
    api =
        new ApiServer(
                temporal.jobs(new FileBlobStore(home.resolve("blobs"))),
                new LogStore(home.resolve("logs")),
                new FileBlobStore(home.resolve("blobs")),
                TokenFile.read(tokens),
                new OwnerLimits(2, 50))
            .start("127.0.0.1", 0);
    openApi = OpenApiDocument.load();
  }

  @AfterAll
  static void everyDocumentedResponseWasReached() throws Exception {
    try {
      assertThat(openApi.seen())
          .as("documented responses no test reached")
          .containsAll(openApi.responses());
    } finally {
      api.close();
      temporal.close();
    }
  }

  @Test
  void theDocumentDescribesExactlyTheServersRoutes() {
    assertThat(
            api.routes().stream()
                .map(r -> r.method().name() + " " + r.path())
                .collect(Collectors.toSet()))
        .isEqualTo(openApi.operations());
  }

  @Test
  void startWatchPageLogsAndList() throws Exception {
    Reply started = call("POST", "/jobs", "POST /jobs", ALICE, spec("noop", 5).toString());
    assertThat(started.status()).isEqualTo(202);
    String id = started.body().path("jobId").asText();
    assertThat(id).startsWith("alice-");
    assertThat(started.body().path("maxParallel").asInt()).isEqualTo(3);

    JsonNode job = awaitPhase(id, ALICE, "SUCCEEDED");
    assertThat(job.path("owner").asText()).isEqualTo("alice");
    assertThat(job.path("counts").path("succeeded").asInt()).isEqualTo(5);
    assertThat(job.path("output").path("SUCCEEDED").asInt()).as("the reducer's tally").isEqualTo(5);

    Reply tasks =
        call(
            "GET",
            "/jobs/" + id + "/tasks?state=succeeded&offset=1&limit=2",
            "GET /jobs/{id}/tasks",
            ALICE,
            null);
    assertThat(tasks.status()).isEqualTo(200);
    assertThat(tasks.body().path("matching").asInt()).isEqualTo(5);
    assertThat(tasks.body().path("tasks").findValuesAsText("index")).containsExactly("1", "2");

    Reply log =
        call("GET", "/jobs/" + id + "/logs?task=3&limit=1", "GET /jobs/{id}/logs", ALICE, null);
    assertThat(log.body().path("lines").get(0).path("number").asInt()).isEqualTo(1);
    assertThat(log.body().path("lines").get(0).path("text").asText()).contains("attempt 1 of");
    assertThat(log.body().path("last").asBoolean()).as("a line follows").isFalse();
    Reply rest =
        call(
            "GET",
            "/jobs/" + id + "/logs?task=3&offset=" + log.body().path("nextOffset").asInt(),
            "GET /jobs/{id}/logs",
            ALICE,
            null);
    assertThat(rest.body().path("lines").get(0).path("number").asInt()).isEqualTo(2);
    assertThat(rest.body().path("last").asBoolean()).isTrue();
    assertThat(
            call("GET", "/jobs/" + id + "/logs", "GET /jobs/{id}/logs", ALICE, null)
                .body()
                .path("task")
                .asText())
        .isEqualTo("mapper");

    Reply mine = call("GET", "/jobs?state=succeeded", "GET /jobs", ALICE, null);
    assertThat(mine.body().path("jobs").findValuesAsText("jobId")).contains(id);
    assertThat(call("GET", "/jobs?state=running", "GET /jobs", ALICE, null).body().path("jobs"))
        .noneMatch(j -> j.path("jobId").asText().equals(id));
  }

  @Test
  void aResumedJobReusesItsOwnersOutputsAndNoOneElses() throws Exception {
    ObjectNode spec = spec("noop", 3);
    ((ObjectNode) spec.path("input").path("params")).put("for", "the resume test");
    String first =
        call("POST", "/jobs", "POST /jobs", ALICE, spec.toString()).body().path("jobId").asText();
    awaitPhase(first, ALICE, "SUCCEEDED");
    spec.put("resume", true);

    String resumed =
        call("POST", "/jobs", "POST /jobs", ALICE, spec.toString()).body().path("jobId").asText();
    JsonNode job = awaitPhase(resumed, ALICE, "SUCCEEDED");
    assertThat(job.path("counts").path("cached").asInt()).isEqualTo(3);
    assertThat(job.path("summary").asText()).endsWith(", 3 cached");
    Reply cached =
        call(
            "GET", "/jobs/" + resumed + "/tasks?state=cached", "GET /jobs/{id}/tasks", ALICE, null);
    assertThat(cached.body().path("tasks").findValuesAsText("jobId")).containsOnly(first);
    assertThat(job.path("output"))
        .as("the same outputs: the reducer's output is reused as it was")
        .isEqualTo(awaitPhase(first, ALICE, "SUCCEEDED").path("output"));

    String bobs =
        call("POST", "/jobs", "POST /jobs", BOB, spec.toString()).body().path("jobId").asText();
    JsonNode other = awaitPhase(bobs, BOB, "SUCCEEDED");
    assertThat(other.path("counts").path("cached").asInt())
        .as("bob never gets alice's outputs")
        .isZero();
    assertThat(other.path("counts").path("succeeded").asInt()).isEqualTo(3);
  }

  /**
   * Sub-jobs whose params say {@code fail} fail the first time their key is run; those that say
   * {@code failAlways}, every time.
   */
  private static final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

  private static Map<String, JavaHandler> handlers() {
    Map<String, JavaHandler> handlers = new HashMap<>(Handlers.discover());
    handlers.put(
        "flaky-disk",
        (input, context) -> {
          throw new IllegalStateException("scratch disk full");
        });
    handlers.put(
        "fails-once",
        (input, context) -> {
          if (input.path("failAlways").asBoolean()) {
            throw new IllegalStateException(context.taskKey() + " always fails");
          }
          if (input.path("fail").asBoolean() && failedOnce.add(context.taskKey())) {
            throw new IllegalStateException("first run of " + context.taskKey() + " fails");
          }
          return input;
        });
    return handlers;
  }

  @Test
  void redriveRunsAgainExactlyTheSubJobsThatFailedLinkedBothWays() throws Exception {
    Map<String, Boolean> samples = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      samples.put("sample-" + i, i % 3 == 1);
    }
    String original = finished(ALICE, failingOnce(samples));

    assertThat(
            call("POST", "/jobs/" + original + "/redrive", "POST /jobs/{id}/redrive", BOB, null)
                .status())
        .isEqualTo(404);
    Reply redriven =
        call("POST", "/jobs/" + original + "/redrive", "POST /jobs/{id}/redrive", ALICE, null);
    assertThat(redriven.status()).isEqualTo(202);
    assertThat(redriven.body().path("redriveOf").asText()).isEqualTo(original);
    String again = redriven.body().path("jobId").asText();

    JsonNode job = awaitPhase(again, ALICE, "SUCCEEDED");
    assertThat(job.path("redriveOf").asText()).isEqualTo(original);
    assertThat(job.path("counts").path("succeeded").asInt()).isEqualTo(2);
    JsonNode tasks =
        call("GET", "/jobs/" + again + "/tasks", "GET /jobs/{id}/tasks", ALICE, null).body();
    assertThat(tasks.path("tasks").findValuesAsText("key")).containsExactly("sample-1", "sample-4");
    assertThat(
            call("GET", "/jobs/" + original, "GET /jobs/{id}", ALICE, null).body().path("redrives"))
        .extracting(JsonNode::asText)
        .containsExactly(again);

    Reply nothingLeft =
        call("POST", "/jobs/" + again + "/redrive", "POST /jobs/{id}/redrive", ALICE, null);
    assertThat(nothingLeft.status()).isEqualTo(409);
    assertThat(nothingLeft.body().path("error").asText()).contains("every sub-job");
  }

  @Test
  void aJobsTimelineLongestSubJobsManifestAndOutputsThroughTheApi() throws Exception {
    ObjectNode spec = failingOnce(Map.of());
    spec.put("maxParallel", 2);
    spec.putObject("retry").put("maxAttempts", 2).put("initialInterval", "PT0.1S");
    spec.putObject("failurePolicy").put("toleratedFailures", 1);
    ArrayNode listed = ((ObjectNode) spec.get("input")).putArray("subJobs");
    String large = "x".repeat(3000); // an output over 2 KB travels through the blob store
    listed.addObject().put("key", "tl-large").putObject("params").put("pad", large);
    listed.addObject().put("key", "tl-retried-1").putObject("params").put("fail", true);
    listed.addObject().put("key", "tl-retried-2").putObject("params").put("fail", true);
    listed.addObject().put("key", "tl-failed").putObject("params").put("failAlways", true);
    String id = finished(ALICE, spec);
    String job = "/jobs/" + id;

    JsonNode timeline =
        call("GET", job + "/timeline", "GET /jobs/{id}/timeline", ALICE, null).body();
    assertThat(timeline.path("bars"))
        .extracting(
            b ->
                b.path("index").asInt()
                    + "/"
                    + b.path("attempt").asInt()
                    + " "
                    + b.path("outcome").asText())
        .containsExactly(
            "0/1 SUCCEEDED",
            "1/1 FAILED",
            "1/2 SUCCEEDED",
            "2/1 FAILED",
            "2/2 SUCCEEDED",
            "3/1 FAILED",
            "3/2 FAILED");
    assertThat(timeline.path("lanes").asInt()).isBetween(1, 2);
    assertThat(timeline.path("subJobs").asInt()).isEqualTo(4);
    int binned = 0;
    for (JsonNode count : timeline.path("histogram").path("counts")) {
      binned += count.asInt();
    }
    assertThat(binned).as("every attempt has ended and is binned").isEqualTo(7);

    JsonNode longest =
        call("GET", job + "/tasks?sort=duration&limit=2", "GET /jobs/{id}/tasks", ALICE, null)
            .body();
    assertThat(longest.path("matching").asInt()).isEqualTo(4);
    List<Double> durations = new ArrayList<>();
    for (JsonNode task :
        call("GET", job + "/tasks?sort=DURATION", "GET /jobs/{id}/tasks", ALICE, null)
            .body()
            .path("tasks")) {
      durations.add(
          Duration.between(
                      Instant.parse(task.path("startedAt").asText()),
                      Instant.parse(task.path("endedAt").asText()))
                  .toNanos()
              / 1e9);
    }
    assertThat(durations).hasSize(4).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(longest.path("tasks")).hasSize(2);
    assertThat(
            call(
                    "GET",
                    job + "/tasks?sort=duration&state=failed",
                    "GET /jobs/{id}/tasks",
                    ALICE,
                    null)
                .body()
                .path("tasks")
                .findValuesAsText("key"))
        .containsExactly("tl-failed");
    assertThat(
            call("GET", job + "/tasks?sort=size", "GET /jobs/{id}/tasks", ALICE, null)
                .body()
                .path("errors")
                .findValuesAsText("field"))
        .containsExactly("sort");

    HttpResponse<String> manifest = get(job + "/results", ALICE);
    assertThat(manifest.statusCode()).isEqualTo(200);
    assertThat(manifest.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/x-ndjson");
    openApi.check("GET /jobs/{id}/results", 200, null);
    List<String> lines = manifest.body().lines().toList();
    assertThat(lines).hasSize(4);
    for (String line : lines) {
      assertThat(openApi.validate("SubJob", Json.MAPPER.readTree(line))).as(line).isEmpty();
    }
    assertThat(Json.MAPPER.readTree(lines.get(0)).path("outputRef").asText()).startsWith("file:");

    Reply output =
        call("GET", job + "/tasks/0/output", "GET /jobs/{id}/tasks/{index}/output", ALICE, null);
    assertThat(output.body().path("pad").asText()).as("read from the blob store").isEqualTo(large);
    assertThat(
            call("GET", job + "/tasks/1/output", "GET /jobs/{id}/tasks/{index}/output", ALICE, null)
                .body())
        .isEqualTo(Json.MAPPER.readTree("{\"fail\": true}"));
    Reply failed =
        call("GET", job + "/tasks/3/output", "GET /jobs/{id}/tasks/{index}/output", ALICE, null);
    assertThat(failed.status()).isEqualTo(409);
    assertThat(failed.body().path("error").asText())
        .isEqualTo("sub-job 3 has no output: it is FAILED");
    Reply beyond =
        call("GET", job + "/tasks/4/output", "GET /jobs/{id}/tasks/{index}/output", ALICE, null);
    assertThat(beyond.status()).isEqualTo(400);
    assertThat(beyond.body().path("errors").get(0).path("message").asText())
        .isEqualTo("expected a sub-job index 0..3, got '4'");
  }

  /** A GET whose reply is not JSON. */
  private static HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFailedJobSaysWhy() throws Exception {
    // One at a time: on the test server a cancel racing a completion can wedge a job
    // (temporalio/sdk-java#2391), and a failing job cancels the sub-jobs still running.
    ObjectNode spec = spec("no-such-handler", 2).put("maxParallel", 1);
    String id =
        call("POST", "/jobs", "POST /jobs", BOB, spec.toString()).body().path("jobId").asText();

    JsonNode job = awaitPhase(id, BOB, "FAILED");
    assertThat(job.path("error").asText()).contains("no-such-handler");
  }

  @Test
  void ownersAreIsolated() throws Exception {
    String id = finished(ALICE, spec("noop", 1));
    Reply missing = call("GET", "/jobs/no-such-job", "GET /jobs/{id}", BOB, null);

    for (String[] request :
        new String[][] {
          {"GET", "/jobs/" + id, "GET /jobs/{id}"},
          {"GET", "/jobs/" + id + "/tasks", "GET /jobs/{id}/tasks"},
          {"GET", "/jobs/" + id + "/logs", "GET /jobs/{id}/logs"},
          {"GET", "/jobs/" + id + "/timeline", "GET /jobs/{id}/timeline"},
          {"GET", "/jobs/" + id + "/results", "GET /jobs/{id}/results"},
          {"GET", "/jobs/" + id + "/tasks/0/output", "GET /jobs/{id}/tasks/{index}/output"},
          {"POST", "/jobs/" + id + "/cancel", "POST /jobs/{id}/cancel"}
        }) {
      Reply reply = call(request[0], request[1], request[2], BOB, null);
      assertThat(reply.status()).as(request[1]).isEqualTo(404);
      assertThat(reply.body().path("error").asText())
          .as("the same answer as for a job that does not exist")
          .isEqualTo(missing.body().path("error").asText().replace("no-such-job", id));
    }
    assertThat(call("GET", "/jobs?owner=alice", "GET /jobs", BOB, null).status()).isEqualTo(403);
    assertThat(
            call("GET", "/jobs", "GET /jobs", BOB, null)
                .body()
                .path("jobs")
                .findValuesAsText("jobId"))
        .doesNotContain(id);
    ObjectNode asAlice = spec("noop", 1).put("owner", "alice");
    assertThat(call("POST", "/jobs", "POST /jobs", BOB, asAlice.toString()).status())
        .isEqualTo(403);

    assertThat(call("GET", "/jobs/" + id, "GET /jobs/{id}", ROOT, null).status()).isEqualTo(200);
    assertThat(
            call("GET", "/jobs?owner=alice", "GET /jobs", ROOT, null)
                .body()
                .path("jobs")
                .findValuesAsText("jobId"))
        .contains(id);
  }

  @Test
  void anOwnerAtTheirLimitGets429AndCancelFreesIt() throws Exception {
    String finished = finished("carol-token", failingOnce(Map.of("carol-sample", true)));

    ObjectNode slow = spec("sleep", 2).put("maxParallel", 1);
    ((ObjectNode) slow.path("input").path("params")).put("millis", 30_000);
    String first =
        call("POST", "/jobs", "POST /jobs", "carol-token", slow.toString())
            .body()
            .path("jobId")
            .asText();
    String second =
        call("POST", "/jobs", "POST /jobs", "carol-token", slow.toString())
            .body()
            .path("jobId")
            .asText();

    Reply refused = call("POST", "/jobs", "POST /jobs", "carol-token", slow.toString());
    Reply redriveRefused =
        call(
            "POST",
            "/jobs/" + finished + "/redrive",
            "POST /jobs/{id}/redrive",
            "carol-token",
            null);
    assertThat(redriveRefused.status()).as("a redrive is a job like any other").isEqualTo(429);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.body().path("limit").asText()).isEqualTo("maxActiveJobs");
    assertThat(refused.body().path("value").asInt()).isEqualTo(2);

    awaitPhase(first, "carol-token", "RUNNING");
    Reply early =
        call("POST", "/jobs/" + first + "/redrive", "POST /jobs/{id}/redrive", "carol-token", null);
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.body().path("error").asText()).endsWith("has not ended: RUNNING");
    Reply noManifest =
        call("GET", "/jobs/" + first + "/results", "GET /jobs/{id}/results", "carol-token", null);
    assertThat(noManifest.status()).isEqualTo(409);
    assertThat(noManifest.body().path("error").asText()).contains("no results manifest yet");
    JsonNode running =
        call("GET", "/jobs/" + first + "/timeline", "GET /jobs/{id}/timeline", "carol-token", null)
            .body();
    assertThat(running.path("bars"))
        .as("the running sub-job's attempt, from its log")
        .singleElement()
        .satisfies(bar -> assertThat(bar.path("outcome").asText()).isEqualTo("RUNNING"));
    for (String id : new String[] {first, second}) {
      awaitPhase(id, "carol-token", "RUNNING");
      Reply cancel =
          call("POST", "/jobs/" + id + "/cancel", "POST /jobs/{id}/cancel", "carol-token", null);
      assertThat(cancel.status()).isEqualTo(202);
      awaitPhase(id, "carol-token", "CANCELLED");
      Reply again =
          call("POST", "/jobs/" + id + "/cancel", "POST /jobs/{id}/cancel", "carol-token", null);
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.body().path("error").asText()).endsWith("has ended: CANCELLED");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Reply again;
    do {
      Thread.sleep(100); // the ledger hears of the ends by signal
      again = call("POST", "/jobs", "POST /jobs", "carol-token", spec("noop", 1).toString());
    } while (again.status() == 429 && System.nanoTime() < deadline);
    assertThat(again.status()).isEqualTo(202);
  }

  @Test
  void badRequestsAreRefusedNamingWhatIsWrong() throws Exception {
    Reply noToken = call("GET", "/jobs", "GET /jobs", null, null);
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(call("POST", "/jobs", "POST /jobs", "forged", "{}").status()).isEqualTo(401);
    assertThat(call("GET", "/jobs/x", "GET /jobs/{id}", "forged", null).status()).isEqualTo(401);
    assertThat(call("GET", "/jobs/x/tasks", "GET /jobs/{id}/tasks", null, null).status())
        .isEqualTo(401);
    assertThat(call("GET", "/jobs/x/logs", "GET /jobs/{id}/logs", null, null).status())
        .isEqualTo(401);
    assertThat(call("POST", "/jobs/x/cancel", "POST /jobs/{id}/cancel", null, null).status())
        .isEqualTo(401);
    assertThat(call("POST", "/jobs/x/redrive", "POST /jobs/{id}/redrive", null, null).status())
        .isEqualTo(401);
    assertThat(call("GET", "/jobs/x/timeline", "GET /jobs/{id}/timeline", null, null).status())
        .isEqualTo(401);
    assertThat(call("GET", "/jobs/x/results", "GET /jobs/{id}/results", null, null).status())
        .isEqualTo(401);
    assertThat(
            call("GET", "/jobs/x/tasks/0/output", "GET /jobs/{id}/tasks/{index}/output", null, null)
                .status())
        .isEqualTo(401);

    Reply malformed = call("POST", "/jobs", "POST /jobs", ALICE, "{\"mapper\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().path("errors").get(0).path("field").asText())
        .isEqualTo("(document)");
    assertThat(malformed.body().path("errors").get(0).path("message").asText())
        .startsWith("not valid JSON");

    ObjectNode wrongTypes = spec("noop", 1).put("maxParallel", "many");
    wrongTypes.putObject("task").put("executor", "java");
    Reply invalid = call("POST", "/jobs", "POST /jobs", ALICE, wrongTypes.toString());
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.body().path("errors").findValuesAsText("field"))
        .contains("maxParallel", "task.handler");

    String huge = "{\"input\": \"" + "x".repeat((int) ApiServer.MAX_BODY_BYTES) + "\"}";
    Reply tooLarge = call("POST", "/jobs", "POST /jobs", ALICE, huge);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body().path("error").asText()).contains("larger than");

    assertThat(
            call("GET", "/jobs?limit=0", "GET /jobs", ALICE, null)
                .body()
                .path("errors")
                .findValuesAsText("field"))
        .containsExactly("limit");
    String id = finished(ALICE, spec("noop", 2));
    Reply badOffset =
        call("GET", "/jobs/" + id + "/tasks?offset=-1", "GET /jobs/{id}/tasks", ALICE, null);
    assertThat(badOffset.body().path("errors").findValuesAsText("field")).containsExactly("offset");
    assertThat(
            call("GET", "/jobs/" + id + "/tasks?limit=many", "GET /jobs/{id}/tasks", ALICE, null)
                .body()
                .path("errors"))
        .as("a value of the wrong type: one line naming the parameter and what it takes")
        .singleElement()
        .isEqualTo(
            Json.MAPPER.readTree(
                "{\"field\": \"limit\", \"message\": \"expected an integer 1..1000, got"
                    + " 'many'\"}"));
    assertThat(
            call("GET", "/jobs?state=done", "GET /jobs", ALICE, null)
                .body()
                .path("errors")
                .get(0)
                .path("message")
                .asText())
        .isEqualTo(
            "expected one of [MAPPING, RUNNING, REDUCING, CANCELLING, SUCCEEDED, FAILED,"
                + " CANCELLED], got 'done'");
    assertThat(
            call("GET", "/jobs/" + id + "/tasks?state=failed", "GET /jobs/{id}/tasks", ALICE, null)
                .status())
        .as("a state in any case")
        .isEqualTo(200);
    Reply badIndex =
        call(
            "GET",
            "/jobs/" + id + "/tasks/first/output",
            "GET /jobs/{id}/tasks/{index}/output",
            ALICE,
            null);
    assertThat(badIndex.status()).isEqualTo(400);
    assertThat(badIndex.body().path("errors").get(0).path("message").asText())
        .isEqualTo("expected a sub-job index 0..1, got 'first'");
    Reply badTask = call("GET", "/jobs/" + id + "/logs?task=7", "GET /jobs/{id}/logs", ALICE, null);
    assertThat(badTask.status()).isEqualTo(400);
    assertThat(badTask.body().path("errors").get(0).path("message").asText())
        .contains("0..1", "'7'");
    assertThat(call("GET", "/jobs/nope", "GET /jobs/{id}", ALICE, null).status()).isEqualTo(404);
  }

  static List<BadSpecs.Case> badSpecs() throws IOException {
    return BadSpecs.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void aBadSpecIsRefusedNamingItsFieldAsTheCliDoes(BadSpecs.Case bad) throws Exception {
    // As an admin, whose spec may name any owner: the owner rules are the parser's to name.
    Reply refused = call("POST", "/jobs", "POST /jobs", ROOT, Files.readString(bad.file()));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("errors"))
        .extracting(e -> e.path("field").asText() + ": " + e.path("message").asText())
        .containsExactly(bad.expected());
  }

  @Test
  void anInputTooLargeForTemporalTravelsByReference() throws Exception {
    ObjectNode spec = spec("noop", 2);
    ((ObjectNode) spec.get("input")).put("notes", "x".repeat(PayloadRef.MAX_PAYLOAD_BYTES));

    String id = finished(ALICE, spec);

    Payloads started =
        temporal
            .client()
            .fetchHistory(id)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput();
    assertThat(started.getSerializedSize()).isLessThan(PayloadRef.MAX_PAYLOAD_BYTES);
    JsonNode sent =
        Json.DATA_CONVERTER.fromPayloads(0, Optional.of(started), JsonNode.class, JsonNode.class);
    assertThat(sent.path("input").fieldNames()).toIterable().containsExactly(PayloadRef.FIELD);
  }

  @Test
  void aMapperBeingRetriedShowsItsFailedAttempts() throws Exception {
    ObjectNode spec = spec("noop", 1);
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("flaky-disk")));
    spec.putObject("retry").put("maxAttempts", 3).put("initialInterval", "PT1M");
    String id =
        call("POST", "/jobs", "POST /jobs", "dave-token", spec.toString())
            .body()
            .path("jobId")
            .asText();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonNode job;
    do {
      Thread.sleep(100);
      job = call("GET", "/jobs/" + id, "GET /jobs/{id}", "dave-token", null).body();
    } while (job.path("retrying").isEmpty() && System.nanoTime() < deadline);

    assertThat(job.path("phase").asText()).isEqualTo("MAPPING");
    assertThat(job.path("retrying").get(0))
        .isEqualTo(
            Json.MAPPER.readTree(
                "{\"part\": \"mapper\", \"attempt\": 2, \"maxAttempts\": 3, \"lastFailure\":"
                    + " \"IllegalStateException: scratch disk full\"}"));
    assertThat(job.path("summary").asText())
        .isEqualTo(
            "MAPPING 0/0 done, 0 running, 0 failed; mapper failed 1 of 3 attempts, retrying;"
                + " last: IllegalStateException: scratch disk full");
    assertThat(
            call("POST", "/jobs/" + id + "/cancel", "POST /jobs/{id}/cancel", "dave-token", null)
                .status())
        .isEqualTo(202);
  }

  /** A job whose workflow no worker serves: a server with none, queried with a short timeout. */
  @Test
  void aJobNoWorkflowWorkerAnswersIs503NamingWhatIsMissing() throws Exception {
    try (TemporalSession idle =
        TemporalSession.embedded(EmbeddedTemporal.onLoopback(0), "default")) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(idle.address())
                  .setRpcQueryTimeout(Duration.ofSeconds(1))
                  .build());
      JobService jobs =
          new JobService(
              WorkflowClient.newInstance(
                  stubs,
                  WorkflowClientOptions.newBuilder()
                      .setDataConverter(Json.DATA_CONVERTER)
                      .build()));
      String id = jobs.submit(spec("noop", 1).put("owner", "alice"), null);
      try (ApiServer quiet =
          new ApiServer(
                  jobs,
                  new LogStore(home.resolve("logs")),
                  new FileBlobStore(home.resolve("blobs")),
                  TokenFile.read(home.resolve("tokens")),
                  new OwnerLimits(2, 50))
              .start("127.0.0.1", 0)) {
        for (String[] request :
            new String[][] {
              {"GET", "/jobs/" + id, "GET /jobs/{id}"},
              {"PATCH", "/jobs/" + id, "PATCH /jobs/{id}"},
              {"GET", "/jobs/" + id + "/tasks", "GET /jobs/{id}/tasks"},
              {"GET", "/jobs/" + id + "/logs", "GET /jobs/{id}/logs"},
              {"GET", "/jobs/" + id + "/timeline", "GET /jobs/{id}/timeline"},
              {"GET", "/jobs/" + id + "/results", "GET /jobs/{id}/results"},
              {"GET", "/jobs/" + id + "/tasks/0/output", "GET /jobs/{id}/tasks/{index}/output"},
              {"POST", "/jobs/" + id + "/cancel", "POST /jobs/{id}/cancel"},
              {"POST", "/jobs/" + id + "/redrive", "POST /jobs/{id}/redrive"}
            }) {
          Reply reply = callAt(quiet.port(), request[0], request[1], request[2], ALICE, null);
          assertThat(reply.status()).as(request[1]).isEqualTo(503);
          assertThat(reply.body().path("error").asText())
              .isEqualTo("job " + id + " did not answer within 1 s: is a workflow worker running?");
        }
      } finally {
        stubs.shutdown();
      }
    }
  }

  @Test
  void servesTheJobPageAndItsChartLibraryFromTheJarWithoutAToken() throws Exception {
    HttpResponse<String> page =
        http.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(WebPage.CONTENT_SECURITY_POLICY);
    assertThat(page.body()).contains("<title>Fanout</title>");
    String chartJs =
        page.body().replaceAll("(?s).*<script src=\"(webjars/chart.js/[^\"]+)\".*", "$1");
    assertThat(chartJs).doesNotContain("${").endsWith("/dist/chart.umd.js");
    HttpResponse<String> library =
        http.send(
            HttpRequest.newBuilder(uri("/" + chartJs)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(library.statusCode()).isEqualTo(200);
    assertThat(library.body()).contains("Chart.js");
  }

  @Test
  void servesItsOpenApiDocumentWithoutAToken() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/openapi.yaml")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("openapi: 3.1.0");
    openApi.check("GET /openapi.yaml", 200, null);
  }

  @Test
  void aRunningJobsWindowChangesWithinTheOwnersLimitAndNotOnceItHasEnded() throws Exception {
    String erin = "erin-token";
    ObjectNode slow = spec("sleep", 4).put("maxParallel", 1);
    ((ObjectNode) slow.path("input").path("params")).put("millis", 30_000);
    String id =
        call("POST", "/jobs", "POST /jobs", erin, slow.toString()).body().path("jobId").asText();
    awaitPhase(id, erin, "RUNNING");
    String job = "/jobs/" + id;

    Reply wider = call("PATCH", job, "PATCH /jobs/{id}", erin, "{\"maxParallel\": 3}");
    assertThat(wider.status()).isEqualTo(200);
    assertThat(wider.body().path("maxParallel").asInt()).isEqualTo(3);
    JsonNode status = call("GET", job, "GET /jobs/{id}", erin, null).body();
    assertThat(status.path("maxParallel").asInt()).isEqualTo(3);
    assertThat(status.path("windowChangedAt").isTextual()).isTrue();

    Reply tolerant =
        call("PATCH", job, "PATCH /jobs/{id}", erin, "{\"toleratedFailurePercent\": 50}");
    assertThat(tolerant.body().path("failurePolicy").path("toleratedFailurePercent").asDouble())
        .isEqualTo(50.0);
    Reply overLimit = call("PATCH", job, "PATCH /jobs/{id}", erin, "{\"maxParallel\": 60}");
    assertThat(overLimit.status()).isEqualTo(429);
    assertThat(overLimit.body().path("limit").asText()).isEqualTo("maxRunningSubJobs");
    assertThat(overLimit.body().path("value").asInt()).isEqualTo(50);
    assertThat(overLimit.body().path("held").asInt()).isEqualTo(3);
    Reply text = call("PATCH", job, "PATCH /jobs/{id}", erin, "{\"maxParallel\": \"3\", \"x\": 1}");
    assertThat(text.status()).isEqualTo(400);
    assertThat(text.body().path("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("x", "maxParallel");
    Reply zero = call("PATCH", job, "PATCH /jobs/{id}", erin, "{\"maxParallel\": 0}");
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.body().path("errors").get(0).path("message").asText())
        .isEqualTo("must be between 1 and 2000, was 0");
    assertThat(call("PATCH", job, "PATCH /jobs/{id}", BOB, "{\"maxParallel\": 2}").status())
        .as("another owner's job is not there")
        .isEqualTo(404);
    assertThat(call("PATCH", job, "PATCH /jobs/{id}", null, "{\"maxParallel\": 2}").status())
        .isEqualTo(401);

    call("POST", job + "/cancel", "POST /jobs/{id}/cancel", erin, null);
    awaitPhase(id, erin, "CANCELLED");
    Reply ended = call("PATCH", job, "PATCH /jobs/{id}", erin, "{\"maxParallel\": 2}");
    assertThat(ended.status()).isEqualTo(409);
    assertThat(ended.body().path("error").asText()).isEqualTo("job " + id + " has ended");
  }

  private record Reply(int status, JsonNode body, java.net.http.HttpHeaders headers) {}

  /** Calls the API and holds the reply to the document's {@code operation}. */
  private static Reply call(String method, String path, String operation, String token, String body)
      throws Exception {
    return callAt(api.port(), method, path, operation, token, body);
  }

  private static Reply callAt(
      int port, String method, String path, String operation, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = Json.MAPPER.readTree(response.body());
    assertThat(response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT))
        .startsWith("application/json");
    openApi.check(operation, response.statusCode(), json);
    return new Reply(response.statusCode(), json, response.headers());
  }

  private static JsonNode awaitPhase(String id, String token, String phase) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode job;
    do {
      job = call("GET", "/jobs/" + id, "GET /jobs/{id}", token, null).body();
      if (job.path("phase").asText().equals(phase)) {
        return job;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(id + " never reached " + phase + ": " + job);
  }

  /** Starts the job and waits until it has succeeded; its id. */
  private static String finished(String token, ObjectNode spec) throws Exception {
    String id =
        call("POST", "/jobs", "POST /jobs", token, spec.toString()).body().path("jobId").asText();
    awaitPhase(id, token, "SUCCEEDED");
    return id;
  }

  /**
   * A job of these samples through the built-in mapper redrives use; those marked fail their first
   * run, which the job tolerates.
   */
  private static ObjectNode failingOnce(Map<String, Boolean> samples) {
    ObjectNode spec = spec("fails-once", 0).put("maxParallel", 1);
    spec.remove("reducer");
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java(JobService.LISTED_SUB_JOBS)));
    ArrayNode listed = ((ObjectNode) spec.get("input")).putArray("subJobs");
    samples.forEach(
        (key, fail) -> listed.addObject().put("key", key).putObject("params").put("fail", fail));
    spec.putObject("failurePolicy").put("toleratedFailures", samples.size());
    return spec;
  }

  private static ObjectNode spec(String task, int subJobs) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
    spec.set("task", Json.MAPPER.valueToTree(FunctionRef.java(task)));
    spec.set("reducer", Json.MAPPER.valueToTree(FunctionRef.java("tally")));
    spec.putObject("input").put("subJobs", subJobs).putObject("params");
    spec.put("maxParallel", 3);
    spec.putObject("retry").put("maxAttempts", 1);
    return spec;
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }
}
