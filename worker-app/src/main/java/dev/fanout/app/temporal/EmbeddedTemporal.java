package dev.fanout.app.temporal;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's test server run by Fanout itself, so a first command works on a bare machine. Its
 * state lives in memory and ends with the process. Time is real (never skipped).
 */
public final class EmbeddedTemporal implements AutoCloseable {

  private final WorkflowServiceStubs stubs;
  private final Closeable server;
  private final String address;
  private final Optional<StickyQueueTimeout> stickyQueueTimeout;

  private EmbeddedTemporal(
      WorkflowServiceStubs stubs,
      Closeable server,
      String address,
      Optional<StickyQueueTimeout> stickyQueueTimeout) {
    this.stubs = stubs;
    this.server = server;
    this.address = address;
    this.stickyQueueTimeout = stickyQueueTimeout;
  }

  /** A server inside this JVM, reached without a socket: the fastest, for one-shot runs. */
  public static EmbeddedTemporal inProcess() {
    return inProcess(new NoopScope());
  }

  /** {@link #inProcess()}, with the SDK's metrics reported to {@code metrics}. */
  public static EmbeddedTemporal inProcess(Scope metrics) {
    TestServer.InProcessTestServer server = TestServer.createServer(true);
    TimerLockLog.install(server, "testServicesStarter", "workflowStore", "selfAdvancingTimer");
    Optional<StickyQueueTimeout> stickyQueueTimeout =
        servicesOf(server).flatMap(StickyQueueTimeout::install);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setChannel(server.getChannel())
                .setMetricsScope(metrics)
                .build());
    return new EmbeddedTemporal(stubs, server, "in-process", stickyQueueTimeout);
  }

  /**
   * A server on {@code 127.0.0.1:port} that other processes, and other languages' clients, can
   * reach. The stock test server listens on every interface; this one only on loopback.
   */
  public static EmbeddedTemporal onLoopback(int port) {
    return onLoopback(port, new NoopScope());
  }

  /** {@link #onLoopback(int)}, with the SDK's metrics reported to {@code metrics}. */
  public static EmbeddedTemporal onLoopback(int port, Scope metrics) {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    TimerLockLog.install(services, "workflowStore", "selfAdvancingTimer");
    Optional<StickyQueueTimeout> stickyQueueTimeout = StickyQueueTimeout.install(services);
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            InsecureServerCredentials.create());
    stickyQueueTimeout.ifPresent(timeout -> builder.intercept(timeout.shutdownListener()));
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server grpc;
    try {
      grpc = builder.build().start();
    } catch (IOException e) {
      stickyQueueTimeout.ifPresent(StickyQueueTimeout::close);
      services.close();
      throw new UncheckedIOException(
          "cannot listen on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "); is another dev server running?",
          e);
    }
    String address = "127.0.0.1:" + grpc.getPort();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(address)
                .setMetricsScope(metrics)
                .build());
    Closeable close =
        () -> {
          grpc.shutdown();
          try {
            grpc.awaitTermination(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          services.close();
        };
    return new EmbeddedTemporal(stubs, close, address, stickyQueueTimeout);
  }

  /** The in-process server's services, which the stock server keeps private. */
  private static Optional<TestServicesStarter> servicesOf(TestServer.InProcessTestServer server) {
    try {
      return Optional.of(
          (TestServicesStarter)
              TestServerInternals.field(server.getClass(), "testServicesStarter").get(server));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  /** {@code 127.0.0.1:PORT}, or {@code in-process}. */
  public String address() {
    return address;
  }

  @Override
  public void close() {
    stickyQueueTimeout.ifPresent(StickyQueueTimeout::close);
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
