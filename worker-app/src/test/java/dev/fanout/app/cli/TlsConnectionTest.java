package dev.fanout.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.app.FanoutCommand;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI against a Temporal frontend that requires mutual TLS, with certificates made by openssl
 * for the test: the right client certificate gets through, a missing or untrusted one does not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsConnectionTest {

  @TempDir static Path pki;
  private static TestServicesStarter services;
  private static Server server;

  @BeforeAll
  static void startAServerRequiringClientCertificates() throws Exception {
    authority("ca");
    authority("other-ca");
    signed("server", "ca", "fanout.test");
    signed("client", "ca", "fanout-worker");
    signed("stranger", "other-ca", "fanout-worker");
    services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            TlsServerCredentials.newBuilder()
                .keyManager(pki.resolve("server.pem").toFile(), pki.resolve("server.key").toFile())
                .trustManager(pki.resolve("ca.pem").toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    server = builder.build().start();
  }

  @AfterAll
  static void stop() {
    server.shutdownNow();
    services.close();
  }

  @Test
  void theRightClientCertificateReachesTheServer() {
    Result status = status("--tls-cert", "client.pem", "--tls-key", "client.key");

    // The server answered: the job is unknown, which only a reached server can say.
    assertThat(status.code).as(status.err).isEqualTo(2);
    assertThat(status.err).startsWith("error: no job 'no-such-job'");
  }

  @Test
  void noClientCertificateIsTurnedAway() {
    Result status = status();

    assertThat(status.code).isEqualTo(3);
    assertThat(status.err).startsWith("error: cannot reach Temporal at 127.0.0.1:");
  }

  @Test
  void aCertificateFromAnotherAuthorityIsTurnedAway() {
    assertThat(status("--tls-cert", "stranger.pem", "--tls-key", "stranger.key").code).isEqualTo(3);
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedByName() {
    Result status = status("--tls-cert", "client.pem");

    assertThat(status.code).isEqualTo(2);
    assertThat(status.err).startsWith("error: --tls-key: missing");
  }

  private record Result(int code, String err) {}

  /** `fanout status no-such-job` over TLS trusting ca.pem, with these files from the PKI. */
  private static Result status(String... clientFiles) {
    List<String> line =
        new ArrayList<>(
            List.of(
                "status",
                "no-such-job",
                "--temporal=127.0.0.1:" + server.getPort(),
                "--tls-ca=" + pki.resolve("ca.pem"),
                "--tls-server-name=fanout.test"));
    for (int i = 0; i < clientFiles.length; i += 2) {
      line.add(clientFiles[i] + "=" + pki.resolve(clientFiles[i + 1]));
    }
    CommandLine cli = FanoutCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int code = cli.execute(line.toArray(String[]::new));
    return new Result(code, err.toString());
  }

  private static void authority(String name) throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem");
  }

  private static void signed(String name, String ca, String dnsName) throws Exception {
    Files.writeString(pki.resolve(name + ".ext"), "subjectAltName=DNS:" + dnsName + "\n");
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + dnsName,
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr");
    openssl(
        "x509",
        "-req",
        "-days",
        "2",
        "-in",
        name + ".csr",
        "-CA",
        ca + ".pem",
        "-CAkey",
        ca + ".key",
        "-CAcreateserial",
        "-extfile",
        name + ".ext",
        "-out",
        name + ".pem");
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(pki.toFile())
            .redirectErrorStream(true)
            .redirectOutput(pki.resolve("openssl.log").toFile())
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as(String.join(" ", command) + "\n" + Files.readString(pki.resolve("openssl.log")))
        .isZero();
  }
}
