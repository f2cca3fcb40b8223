package dev.fanout.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens checked by an auth service. KBase's auth2 cannot run here, so a loopback server answers as
 * its documented {@code GET /api/V2/token} does: 200 with {@code {"user": ...}} for a known token
 * (sent bare in the Authorization header), 401 otherwise.
 */
class AuthServiceTest {

  private HttpServer kbase;
  private final AtomicInteger asked = new AtomicInteger();

  @BeforeEach
  void startTheStandIn() throws IOException {
    kbase = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    kbase.createContext(
        "/services/auth/api/V2/token",
        exchange -> {
          asked.incrementAndGet();
          String token = exchange.getRequestHeaders().getFirst("Authorization");
          int status;
          String body;
          switch (String.valueOf(token)) {
            case "alice-token" -> {
              status = 200;
              body = "{\"user\": \"alice\", \"type\": \"Login\", \"expires\": 1893456000000}";
            }
            case "root-token" -> {
              status = 200;
              body = "{\"user\": \"root\"}";
            }
            case "breaks" -> {
              status = 500;
              body = "{}";
            }
            default -> {
              status = 401;
              body = "{\"error\": {\"httpcode\": 401, \"message\": \"Invalid token\"}}";
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    kbase.start();
  }

  @AfterEach
  void stop() {
    kbase.stop(0);
  }

  private AuthService service() {
    return new AuthService(
        URI.create(
            "http://127.0.0.1:" + kbase.getAddress().getPort() + "/services/auth/api/V2/token"),
        Set.of("root"));
  }

  @Test
  void knownTokensNameTheirUserAndAdminsAreMarked() throws IOException {
    AuthService auth = service();

    assertThat(auth.authenticate("alice-token")).contains(new Caller("alice", false));
    assertThat(auth.authenticate("root-token")).contains(new Caller("root", true));
    assertThat(auth.authenticate("forged")).isEmpty();
  }

  @Test
  void answersAreKeptSoPollingDoesNotAskEveryTime() throws IOException {
    AuthService auth = service();

    for (int i = 0; i < 5; i++) {
      assertThat(auth.authenticate("alice-token")).isPresent();
      assertThat(auth.authenticate("forged")).isEmpty();
    }
    assertThat(asked.get()).isEqualTo(2);
  }

  @Test
  void aBrokenServiceIsAnErrorNotARefusal() {
    assertThatThrownBy(() -> service().authenticate("breaks"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("answered 500");
  }
}
