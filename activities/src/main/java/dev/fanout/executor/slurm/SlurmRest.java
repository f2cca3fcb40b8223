package dev.fanout.executor.slurm;

import static dev.fanout.executor.slurm.SlurmOutput.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.InfrastructureException;
import dev.fanout.job.FailureType;
import dev.fanout.job.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Slurm's REST API, {@code slurmrestd} with JWT authentication (openapi/v0.0.38, as in Slurm
 * 22.05), for sites that offer it instead of a login shell. It does not read a script's {@code
 * #SBATCH} lines, so the directives Fanout wrote are sent again as the job's properties.
 */
final class SlurmRest implements SlurmControl {

  private static final String API = "slurm/v0.0.38/";
  private static final String DIRECTIVE = "#SBATCH --";

  /** How a directive's value is written as a job property. */
  private enum Form {
    TEXT,
    NUMBER,
    /** {@code --nodes=N} or {@code N-M}: the API takes [min, max]. */
    RANGE
  }

  /** The job property each directive Fanout writes becomes, and in what form. */
  private record Property(String name, Form form) {}

  private static final Map<String, Property> PROPERTIES =
      Map.ofEntries(
          Map.entry("job-name", new Property("name", Form.TEXT)),
          Map.entry("output", new Property("standard_output", Form.TEXT)),
          Map.entry("error", new Property("standard_error", Form.TEXT)),
          Map.entry("chdir", new Property("current_working_directory", Form.TEXT)),
          Map.entry("cpus-per-task", new Property("cpus_per_task", Form.NUMBER)),
          Map.entry("mem", new Property("memory_per_node", Form.NUMBER)),
          Map.entry("gpus", new Property("gpus", Form.TEXT)),
          Map.entry("nodes", new Property("nodes", Form.RANGE)),
          Map.entry("time", new Property("time_limit", Form.NUMBER)),
          Map.entry("partition", new Property("partition", Form.TEXT)),
          Map.entry("account", new Property("account", Form.TEXT)),
          Map.entry("qos", new Property("qos", Form.TEXT)),
          Map.entry("constraint", new Property("constraints", Form.TEXT)),
          Map.entry("array", new Property("array", Form.TEXT)));

  private final SlurmSettings.Rest endpoint;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param timeout how long any one request may take
   */
  SlurmRest(SlurmSettings.Rest endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    // slurmrestd drops a connection that offers an upgrade to HTTP/2.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  @Override
  public String submit(Path script) throws InfrastructureException {
    String text;
    try {
      text = Files.readString(script);
    } catch (IOException e) {
      throw new InfrastructureException(FailureType.SLURM_UNAVAILABLE, "cannot read " + script, e);
    }
    ObjectNode body = Json.MAPPER.createObjectNode().put("script", text);
    ObjectNode job = body.putObject("job");
    job.putObject("environment").put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    for (String line : text.lines().toList()) {
      if (line.startsWith(DIRECTIVE)) {
        String[] nameAndValue = line.substring(DIRECTIVE.length()).split("=", 2);
        Property property = PROPERTIES.get(nameAndValue[0]);
        if (property == null) {
          throw new IllegalStateException("no REST property for #SBATCH --" + nameAndValue[0]);
        }
        String value = nameAndValue[1];
        switch (property.form()) {
          case TEXT -> job.put(property.name(), value);
          case NUMBER -> job.put(property.name(), Long.parseLong(value.replaceAll("[^0-9]", "")));
          case RANGE -> {
            String[] bounds = value.split("-", 2);
            job.putArray(property.name())
                .add(Long.parseLong(bounds[0]))
                .add(Long.parseLong(bounds[bounds.length - 1]));
          }
        }
      }
    }
    JsonNode answer = exchange(request("job/submit").POST(body(body))).ok();
    return read(() -> SlurmOutput.restSubmitted(answer));
  }

  /** One {@code GET jobs}: every job the controller still holds. */
  @Override
  public Map<String, Status> statuses(Collection<String> jobIds) throws InfrastructureException {
    return SlurmOutput.statuses(jobs(), jobIds);
  }

  /**
   * From {@code GET jobs}, else {@code GET job/ID} (which does not know elements not yet started);
   * slurmrestd's accounting API is not asked.
   */
  @Override
  public Optional<Status> record(String jobId) throws InfrastructureException {
    Status listed = statuses(List.of(jobId)).get(jobId);
    if (listed != null) {
      return Optional.of(listed);
    }
    Reply reply = exchange(request("job/" + jobId).GET());
    if (SlurmOutput.unknownJob(reply.answer())) {
      return Optional.empty();
    }
    JsonNode answer = reply.ok();
    Listed shown = read(() -> SlurmOutput.restJobs(answer)).get(jobId);
    if (shown == null) {
      // Only error 2017 says the controller has no such job; an answer without it says nothing.
      throw new InfrastructureException(
          FailureType.SLURM_UNAVAILABLE, "slurmrestd answered without job " + jobId, null);
    }
    return Optional.of(shown.status());
  }

  @Override
  public Map<String, Listed> named(Collection<String> names) throws InfrastructureException {
    return SlurmOutput.named(jobs(), names);
  }

  @Override
  public void cancel(String jobId) throws InfrastructureException {
    exchange(request("job/" + jobId).DELETE()).ok();
  }

  private Map<String, Listed> jobs() throws InfrastructureException {
    JsonNode answer = exchange(request("jobs").GET()).ok();
    return read(() -> SlurmOutput.restJobs(answer));
  }

  private HttpRequest.Builder request(String path) throws InfrastructureException {
    return HttpRequest.newBuilder(endpoint.url().resolve("/" + API + path))
        .timeout(timeout)
        .header("X-SLURM-USER-NAME", endpoint.user())
        .header("X-SLURM-USER-TOKEN", token())
        .header("Content-Type", "application/json");
  }

  private static HttpRequest.BodyPublisher body(JsonNode json) {
    return HttpRequest.BodyPublishers.ofString(json.toString());
  }

  /** The token as the file holds it now (renewed in place), or SLURM_JWT. */
  private String token() throws InfrastructureException {
    String token;
    if (endpoint.tokenFile() == null) {
      token = System.getenv("SLURM_JWT");
    } else {
      try {
        token = Files.readString(endpoint.tokenFile()).strip();
      } catch (IOException e) {
        throw new InfrastructureException(
            FailureType.SLURM_UNAVAILABLE,
            "cannot read the Slurm token in " + endpoint.tokenFile(),
            e);
      }
    }
    if (token == null || token.isBlank()) {
      throw new InfrastructureException(
          FailureType.SLURM_UNAVAILABLE,
          "no Slurm token: set SLURM_JWT or --slurm-rest-token-file",
          null);
    }
    // As `scontrol token` prints it.
    return token.startsWith("SLURM_JWT=") ? token.substring("SLURM_JWT=".length()) : token;
  }

  /** What slurmrestd answered to one request, and where it was sent. */
  private record Reply(String where, int status, JsonNode answer) {

    /** The answer, if it is a success without errors. */
    JsonNode ok() throws InfrastructureException {
      JsonNode errors = answer.path("errors");
      if (status / 100 != 2 || (errors.isArray() && !errors.isEmpty())) {
        throw new InfrastructureException(
            FailureType.SLURM_UNAVAILABLE,
            where + " answered " + status + ": " + describe(errors, answer),
            null);
      }
      return answer;
    }
  }

  /** One request; an answer that is not JSON is no answer. */
  private Reply exchange(HttpRequest.Builder request) throws InfrastructureException {
    HttpRequest built = request.build();
    String where = built.method() + " " + built.uri();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      JsonNode answer =
          response.body().isBlank()
              ? Json.MAPPER.createObjectNode()
              : Json.MAPPER.readTree(response.body());
      return new Reply(where, response.statusCode(), answer);
    } catch (IOException e) {
      throw new InfrastructureException(FailureType.SLURM_UNAVAILABLE, where + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfrastructureException(FailureType.SLURM_UNAVAILABLE, "interrupted", e);
    }
  }

  private static String describe(JsonNode errors, JsonNode answer) {
    if (errors.isArray() && !errors.isEmpty()) {
      List<String> messages = new ArrayList<>();
      errors.forEach(e -> messages.add(e.path("description").asText(e.path("error").asText())));
      return String.join("; ", messages);
    }
    String body = answer.toString();
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }
}
