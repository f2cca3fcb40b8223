package dev.fanout.app.cli;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.temporal.EmbeddedTemporal;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
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

  /** The configured cluster, or the local dev server. */
  TemporalSession connect() {
    return connect(new NoopScope());
  }

  /** {@link #connect()}, with the SDK's metrics reported to {@code metrics}. */
  TemporalSession connect(Scope metrics) {
    String address = temporal != null ? temporal : DEV_ADDRESS;
    WorkflowServiceStubs stubs;
    try {
      stubs =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(address)
                  .setMetricsScope(metrics)
                  .build(),
              Duration.ofSeconds(5));
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

  /** The configured cluster, or else a server embedded in this process. */
  TemporalSession connectOrEmbed() {
    return temporal != null
        ? connect()
        : TemporalSession.embedded(EmbeddedTemporal.inProcess(), namespace);
  }
}
