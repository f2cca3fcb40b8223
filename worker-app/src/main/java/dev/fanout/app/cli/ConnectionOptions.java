package dev.fanout.app.cli;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.temporal.EmbeddedTemporal;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine.Option;

/** Where Temporal is. */
public class ConnectionOptions {

  static final String DEV_ADDRESS = "127.0.0.1:7233";

  @Option(
      names = "--temporal",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:FANOUT_TEMPORAL}",
      description =
          "A Temporal frontend to use (env FANOUT_TEMPORAL). Without it, `run` starts an embedded"
              + " server and the other commands use `fanout dev` at "
              + DEV_ADDRESS
              + ".")
  String temporal;

  @Option(
      names = "--namespace",
      defaultValue = "${env:FANOUT_NAMESPACE:-default}",
      description = "Temporal namespace. Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Option(
      names = "--tls",
      defaultValue = "${env:FANOUT_TLS:-false}",
      description =
          "Reach Temporal over TLS, trusting the system's CAs (implied by the --tls-* files).")
  boolean tls;

  @Option(
      names = "--tls-ca",
      paramLabel = "PEM",
      defaultValue = "${env:FANOUT_TLS_CA}",
      description = "The CA certificates that signed the server's certificate.")
  Path tlsCa;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      defaultValue = "${env:FANOUT_TLS_CERT}",
      description = "This client's certificate chain, for mTLS (with --tls-key).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      defaultValue = "${env:FANOUT_TLS_KEY}",
      description = "This client's PKCS#8 private key, for mTLS (with --tls-cert).")
  Path tlsKey;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      defaultValue = "${env:FANOUT_TLS_SERVER_NAME}",
      description = "The name on the server's certificate, when not the host of --temporal.")
  String tlsServerName;

  /** The configured cluster, or the local dev server. */
  TemporalSession connect() {
    return connect(new NoopScope());
  }

  /** {@link #connect()}, with the SDK's metrics reported to {@code metrics}. */
  TemporalSession connect(Scope metrics) {
    String address = temporal != null ? temporal : DEV_ADDRESS;
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).setMetricsScope(metrics);
    if (usesTls()) {
      options.setSslContext(sslContext());
      if (tlsServerName != null) {
        options.setChannelInitializer(channel -> channel.overrideAuthority(tlsServerName));
      }
    }
    WorkflowServiceStubs stubs;
    try {
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(options.build(), Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      throw new UnavailableException(
          "cannot reach Temporal at "
              + address
              + (temporal == null
                  ? ": start one with `fanout dev`, or pass --temporal HOST:PORT"
                  : ""),
          e);
    }
    return TemporalSession.connect(stubs, namespace, address);
  }

  private boolean usesTls() {
    return tls || tlsCa != null || tlsCert != null || tlsKey != null;
  }

  private SslContext sslContext() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new UserInputException(
          (tlsCert == null ? "--tls-cert" : "--tls-key")
              + ": missing; mTLS needs both a client certificate and its key");
    }
    try {
      SimpleSslContextBuilder builder;
      if (tlsCert == null) {
        builder = SimpleSslContextBuilder.noKeyOrCertChain();
      } else {
        // The builder reads these only in build(): they must stay open until then.
        builder =
            SimpleSslContextBuilder.forPKCS8(
                read("--tls-cert", tlsCert), read("--tls-key", tlsKey));
      }
      if (tlsCa != null) {
        builder.setTrustManager(trusting(tlsCa));
      }
      return builder.build();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new UserInputException("--tls-*: cannot set up TLS: " + e.getMessage());
    }
  }

  private static InputStream read(String option, Path file) {
    try {
      return new ByteArrayInputStream(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UserInputException(option + ": cannot read " + file + " (" + e + ")");
    }
  }

  /** A trust manager for exactly the CA certificates in {@code pem}. */
  private static X509TrustManager trusting(Path pem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = read("--tls-ca", pem)) {
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      if (i == 0) {
        throw new UserInputException("--tls-ca: no certificate in " + pem);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  /** The configured cluster, or else a server embedded in this process. */
  TemporalSession connectOrEmbed() {
    return temporal != null
        ? connect()
        : TemporalSession.embedded(EmbeddedTemporal.inProcess(), namespace);
  }
}
