package dev.fanout.executor.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.executor.InfrastructureException;
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
import java.util.HashMap;
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
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final String DIRECTIVE = "#SBATCH --";

  /** The job property each directive Fanout writes becomes, and whether it is a number. */
  private record Property(String name, boolean numeric) {}

  private static final Map<String, Property> PROPERTIES =
      Map.ofEntries(
          Map.entry("job-name", new Property("name", false)),
          Map.entry("output", new Property("standard_output", false)),
          Map.entry("error", new Property("standard_error", false)),
          Map.entry("chdir", new Property("current_working_directory", false)),
          Map.entry("cpus-per-task", new Property("cpus_per_task", true)),
          Map.entry("mem", new Property("memory_per_node", true)),
          Map.entry("gpus", new Property("gpus", false)),
          Map.entry("time", new Property("time_limit", true)),
          Map.entry("partition", new Property("partition", false)),
          Map.entry("account", new Property("account", false)),
          Map.entry("qos", new Property("qos", false)),
          Map.entry("constraint", new Property("constraints", false)),
          Map.entry("array", new Property("array", false)));

  private final SlurmSettings.Rest endpoint;
  private final HttpClient http;

  SlurmRest(SlurmSettings.Rest endpoint) {
    this.endpoint = endpoint;
    // slurmrestd drops a connection that offers an upgrade to HTTP/2.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @Override
  public String submit(Path script) throws InfrastructureException {
    String text;
    try {
      text = Files.readString(script);
    } catch (IOException e) {
      throw new InfrastructureException("SlurmUnavailable", "cannot read " + script, e);
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
        if (property.numeric()) {
          job.put(property.name(), Long.parseLong(value.replaceAll("[^0-9]", "")));
        } else {
          job.put(property.name(), value);
        }
      }
    }
    JsonNode answer = send(request("job/submit").POST(body(body)));
    return answer.path("job_id").asText();
  }

  /**
   * One {@code GET jobs}: every job the controller still holds. Array elements that have not
   * started are one record with their indexes in {@code array_task_string}, each element PENDING.
   */
  @Override
  public Map<String, Status> statuses(Collection<String> jobIds) throws InfrastructureException {
    Map<String, Status> all = new HashMap<>();
    for (JsonNode job : send(request("jobs").GET()).path("jobs")) {
      String state = job.path("job_state").asText();
      Status status = new Status(state, exitCode(job.path("exit_code").asInt()));
      long arrayJob = job.path("array_job_id").asLong();
      if (arrayJob == 0) {
        all.put(job.path("job_id").asText(), status);
      } else if (job.path("array_task_id").isNumber()) {
        all.put(arrayJob + "_" + job.path("array_task_id").asText(), status);
      } else {
        for (long index : indexes(job.path("array_task_string").asText())) {
          all.put(arrayJob + "_" + index, status);
        }
      }
    }
    Map<String, Status> asked = new HashMap<>();
    for (String id : jobIds) {
      Status status = all.get(id);
      if (status != null) {
        asked.put(id, status);
      }
    }
    return asked;
  }

  @Override
  public Optional<Status> shown(String jobId) {
    try {
      return Optional.ofNullable(statuses(List.of(jobId)).get(jobId));
    } catch (InfrastructureException e) {
      return Optional.empty();
    }
  }

  @Override
  public void cancel(String jobId) throws InfrastructureException {
    send(request("job/" + jobId).DELETE());
  }

  /** {@code 1-3%1} or {@code 0,4-8:2}: the indexes of an array's pending elements. */
  static List<Long> indexes(String spec) {
    List<Long> indexes = new ArrayList<>();
    String ranges = spec.contains("%") ? spec.substring(0, spec.indexOf('%')) : spec;
    for (String range : ranges.split(",")) {
      if (range.isBlank()) {
        continue;
      }
      String[] rangeAndStep = range.split(":");
      String[] bounds = rangeAndStep[0].split("-");
      long first = Long.parseLong(bounds[0].strip());
      long last = bounds.length > 1 ? Long.parseLong(bounds[1].strip()) : first;
      long step = rangeAndStep.length > 1 ? Long.parseLong(rangeAndStep[1].strip()) : 1;
      for (long i = first; i <= last; i += step) {
        indexes.add(i);
      }
    }
    return indexes;
  }

  /** The API reports the raw wait status: a code in the high byte, or a signal in the low. */
  private static int exitCode(int waitStatus) {
    int signal = waitStatus & 0x7f;
    return signal != 0 ? 128 + signal : (waitStatus >> 8) & 0xff;
  }

  private HttpRequest.Builder request(String path) throws InfrastructureException {
    return HttpRequest.newBuilder(endpoint.url().resolve("/" + API + path))
        .timeout(REQUEST_TIMEOUT)
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
            "SlurmUnavailable", "cannot read the Slurm token in " + endpoint.tokenFile(), e);
      }
    }
    if (token == null || token.isBlank()) {
      throw new InfrastructureException(
          "SlurmUnavailable", "no Slurm token: set SLURM_JWT or --slurm-rest-token-file", null);
    }
    // As `scontrol token` prints it.
    return token.startsWith("SLURM_JWT=") ? token.substring("SLURM_JWT=".length()) : token;
  }

  private JsonNode send(HttpRequest.Builder request) throws InfrastructureException {
    HttpRequest built = request.build();
    String where = built.method() + " " + built.uri();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      JsonNode answer =
          response.body().isBlank()
              ? Json.MAPPER.createObjectNode()
              : Json.MAPPER.readTree(response.body());
      JsonNode errors = answer.path("errors");
      if (response.statusCode() / 100 != 2 || (errors.isArray() && !errors.isEmpty())) {
        throw new InfrastructureException(
            "SlurmUnavailable",
            where + " answered " + response.statusCode() + ": " + describe(errors, response.body()),
            null);
      }
      return answer;
    } catch (IOException e) {
      throw new InfrastructureException("SlurmUnavailable", where + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfrastructureException("SlurmUnavailable", "interrupted", e);
    }
  }

  private static String describe(JsonNode errors, String body) {
    if (errors.isArray() && !errors.isEmpty()) {
      List<String> messages = new ArrayList<>();
      errors.forEach(e -> messages.add(e.path("description").asText(e.path("error").asText())));
      return String.join("; ", messages);
    }
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }
}
