package dev.fanout.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.job.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tokens checked by an external auth service, as KBase's auth2 does: {@code GET URL} with the token
 * in the {@code Authorization} header answers 200 and a JSON object whose {@code user} field names
 * the user, or 401. Answers are kept for a few minutes, so a busy page does not ask on every poll.
 */
public final class AuthService implements Authenticator {

  static final Duration KEEP = Duration.ofMinutes(5);

  private final URI url;
  private final Set<String> admins;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentMap<String, Known> known = new ConcurrentHashMap<>();

  private record Known(Optional<Caller> caller, Instant until) {}

  /**
   * @param url for KBase, {@code https://kbase.us/services/auth/api/V2/token}
   * @param admins the users who see every job
   */
  public AuthService(URI url, Set<String> admins) {
    this.url = url;
    this.admins = Set.copyOf(admins);
  }

  @Override
  public Optional<Caller> authenticate(String token) throws IOException {
    Known hit = known.get(token);
    if (hit != null && Instant.now().isBefore(hit.until())) {
      return hit.caller();
    }
    Optional<Caller> caller = ask(token);
    known.put(token, new Known(caller, Instant.now().plus(KEEP)));
    return caller;
  }

  private Optional<Caller> ask(String token) throws IOException {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(url)
                  .header("Authorization", token)
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted asking " + url, e);
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IOException("auth service " + url + " answered " + response.statusCode());
    }
    JsonNode user = Json.MAPPER.readTree(response.body()).path("user");
    if (!user.isTextual() || user.asText().isBlank()) {
      throw new IOException("auth service " + url + " named no user");
    }
    return Optional.of(new Caller(user.asText(), admins.contains(user.asText())));
  }
}
