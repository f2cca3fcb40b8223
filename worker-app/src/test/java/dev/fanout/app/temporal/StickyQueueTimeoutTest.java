package dev.fanout.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A workflow outlives the worker that held it in memory, on the embedded server as on a cluster: a
 * worker that dies without a word, and one that shuts down, each leave a workflow sticky to a queue
 * nobody will poll again. Real workers, a real (embedded) server, over loopback.
 */
class StickyQueueTimeoutTest {

  private static final String QUEUE = "sticky-test";

  @WorkflowInterface
  public interface Waiting {
    @WorkflowMethod
    String run();

    @SignalMethod
    void go();

    @QueryMethod
    String state();
  }

  public static class WaitingImpl implements Waiting {
    private boolean go;

    @Override
    public String run() {
      Workflow.await(() -> go);
      return "done";
    }

    @Override
    public void go() {
      go = true;
    }

    @Override
    public String state() {
      return go ? "going" : "waiting";
    }
  }

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void installsOnThePinnedServer() {
    try (TestServicesStarter services = new TestServicesStarter(true, 0)) {
      assertThat(StickyQueueTimeout.Internals.of(services)).isPresent();
    }
  }

  @Test
  void aWorkflowOutlivesAWorkerThatDiedWithoutAWord() throws Exception {
    EmbeddedTemporal server = EmbeddedTemporal.onLoopback(0);
    toClose.add(server);
    Worker dead = worker(server.address(), WorkerOptions.getDefaultInstance());
    WorkflowStub job = startWaiting(server, "died");
    assertThat(query(job)).isEqualTo("waiting"); // answered from the worker's sticky cache
    dead.die();

    worker(server.address(), WorkerOptions.getDefaultInstance());
    assertThat(query(job)).isEqualTo("waiting");
    job.signal("go");
    assertThat(job.getResult(60, TimeUnit.SECONDS, String.class)).isEqualTo("done");
  }

  @Test
  void aWorkerThatShutsDownHandsItsWorkflowsOnWithoutWaitingForTheTimeout() throws Exception {
    EmbeddedTemporal server = EmbeddedTemporal.onLoopback(0);
    toClose.add(server);
    // Were the shutdown not heard, the next task would wait here for ten minutes.
    Worker leaving =
        worker(
            server.address(),
            WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(Duration.ofMinutes(10))
                .build());
    WorkflowStub job = startWaiting(server, "left");
    assertThat(query(job)).isEqualTo("waiting");
    leaving.factory().shutdown();
    leaving.factory().awaitTermination(10, TimeUnit.SECONDS);

    worker(server.address(), WorkerOptions.getDefaultInstance());
    job.signal("go");
    assertThat(job.getResult(60, TimeUnit.SECONDS, String.class)).isEqualTo("done");
  }

  @Test
  void aTaskMovesOnceItHasWaitedTheWorkersTimeoutAndNotBefore() throws Exception {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    toClose.add(services);
    Server grpc = loopbackServer(services);
    String address = "127.0.0.1:" + grpc.getPort();
    AtomicLong nanos = new AtomicLong();
    StickyQueueTimeout timeout =
        StickyQueueTimeout.withoutSweeper(services, nanos::get).orElseThrow();
    Worker dead =
        worker(
            address,
            WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(Duration.ofSeconds(5))
                .build());
    WorkflowStub job = startWaiting(client(address), "timed");
    assertThat(query(job)).isEqualTo("waiting");
    dead.die();
    job.signal("go"); // its workflow task goes to the dead worker's sticky queue

    assertThat(timeout.sweep()).isZero(); // first seen: due in 5 s
    nanos.addAndGet(Duration.ofMillis(4_900).toNanos());
    assertThat(timeout.sweep()).isZero();
    nanos.addAndGet(Duration.ofMillis(100).toNanos());
    assertThat(timeout.sweep()).isOne();
    assertThat(timeout.sweep()).isZero();

    worker(address, WorkerOptions.getDefaultInstance());
    assertThat(job.getResult(60, TimeUnit.SECONDS, String.class)).isEqualTo("done");
  }

  /** A worker process, as far as the server can tell: its own connection and factory. */
  private record Worker(WorkflowServiceStubs stubs, WorkerFactory factory) {
    /** Like {@code kill -9}: the connection drops and nothing is said to the server. */
    void die() {
      stubs.shutdownNow();
      factory.shutdownNow();
    }
  }

  private Worker worker(String address, WorkerOptions options) {
    WorkflowClient client = client(address);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker(QUEUE, options).registerWorkflowImplementationTypes(WaitingImpl.class);
    factory.start();
    toClose.add(
        () -> {
          factory.shutdownNow();
          factory.awaitTermination(5, TimeUnit.SECONDS);
        });
    return new Worker(client.getWorkflowServiceStubs(), factory);
  }

  private WorkflowClient client(String address) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    toClose.add(stubs::shutdownNow);
    return WorkflowClient.newInstance(stubs);
  }

  private static WorkflowStub startWaiting(EmbeddedTemporal server, String id) {
    return startWaiting(WorkflowClient.newInstance(server.stubs()), id);
  }

  private static WorkflowStub startWaiting(WorkflowClient client, String id) {
    Waiting waiting =
        client.newWorkflowStub(
            Waiting.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    WorkflowClient.start(waiting::run);
    return WorkflowStub.fromTyped(waiting);
  }

  private static String query(WorkflowStub job) {
    return job.query("state", String.class);
  }

  private Server loopbackServer(TestServicesStarter services) throws Exception {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server grpc = builder.build().start();
    toClose.add(
        () -> {
          grpc.shutdownNow();
          grpc.awaitTermination(5, TimeUnit.SECONDS);
        });
    return grpc;
  }
}
