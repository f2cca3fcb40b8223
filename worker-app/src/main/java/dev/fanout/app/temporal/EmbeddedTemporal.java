package dev.fanout.app.temporal;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's test server run by Fanout itself, so a first command works on a bare machine. Its
 * state lives in memory and ends with the process. Time is real (never skipped). Fanout fixes the
 * gaps in it that a real server does not have ({@link TimerLockLog}, {@link StickyQueueTimeout},
 * {@link EndedActivityCancelGuard}); docs/DESIGN.md says what each changes.
 */
public final class EmbeddedTemporal implements AutoCloseable {

  private final WorkflowServiceStubs stubs;
  private final String address;
  private final List<AutoCloseable> owned;

  private EmbeddedTemporal(WorkflowServiceStubs stubs, String address, List<AutoCloseable> owned) {
    this.stubs = stubs;
    this.address = address;
    this.owned = owned;
  }

  /** A server inside this JVM, reached without a socket: the fastest, for one-shot runs. */
  public static EmbeddedTemporal inProcess() {
    return inProcess(new NoopScope());
  }

  /** {@link #inProcess()}, with the SDK's metrics reported to {@code metrics}. */
  public static EmbeddedTemporal inProcess(Scope metrics) {
    FixedServices fixed = FixedServices.start();
    InProcessGRPCServer server = new InProcessGRPCServer(fixed.intercepted());
    fixed.owned.add(0, () -> shutdown(server.getServer()));
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setChannel(server.getChannel())
                .setMetricsScope(metrics)
                .build());
    return new EmbeddedTemporal(stubs, "in-process", fixed.owned);
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
    FixedServices fixed = FixedServices.start();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
            InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(
        fixed.services.getServices(), builder, fixed.interceptors);
    Server grpc;
    try {
      grpc = builder.build().start();
    } catch (IOException e) {
      fixed.close();
      throw new UncheckedIOException(
          "cannot listen on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "); is another dev server running?",
          e);
    }
    fixed.owned.add(0, () -> shutdown(grpc));
    String address = "127.0.0.1:" + grpc.getPort();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(address)
                .setMetricsScope(metrics)
                .build());
    return new EmbeddedTemporal(stubs, address, fixed.owned);
  }

  /**
   * The test server's services with Fanout's fixes installed, the interceptors those need on the
   * gRPC server, and what to close, in order.
   */
  private record FixedServices(
      TestServicesStarter services,
      List<ServerInterceptor> interceptors,
      List<AutoCloseable> owned) {

    static FixedServices start() {
      TestServicesStarter services = new TestServicesStarter(true, 0);
      List<ServerInterceptor> interceptors = new ArrayList<>();
      List<AutoCloseable> owned = new ArrayList<>();
      TimerLockLog.install(services, "workflowStore", "selfAdvancingTimer");
      StickyQueueTimeout.install(services)
          .ifPresent(
              timeout -> {
                interceptors.add(timeout.shutdownListener());
                owned.add(timeout);
              });
      EndedActivityCancelGuard.install(services).ifPresent(interceptors::add);
      owned.add(services);
      return new FixedServices(services, interceptors, owned);
    }

    List<BindableService> intercepted() {
      return services.getServices().stream()
          .<BindableService>map(
              service -> () -> ServerInterceptors.intercept(service, interceptors))
          .toList();
    }

    void close() {
      EmbeddedTemporal.close(owned);
    }
  }

  private static void shutdown(Server grpc) throws InterruptedException {
    grpc.shutdown();
    if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
      grpc.shutdownNow();
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
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    close(owned);
  }

  private static void close(List<AutoCloseable> owned) {
    for (AutoCloseable closeable : owned) {
      try {
        closeable.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the embedded Temporal server", e);
      }
    }
  }
}
