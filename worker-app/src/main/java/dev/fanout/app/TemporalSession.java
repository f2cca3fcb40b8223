package dev.fanout.app;

import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.Json;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection to Temporal, embedded or a cluster, plus whatever this process serves on it; closing
 * it stops them in the right order.
 */
public final class TemporalSession implements AutoCloseable {

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String address;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final List<FanoutWorkers> workers = new ArrayList<>();

  private TemporalSession(WorkflowServiceStubs stubs, String namespace, String address) {
    this.stubs = stubs;
    this.address = address;
    this.client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(namespace)
                .setDataConverter(Json.DATA_CONVERTER)
                .build());
  }

  public static TemporalSession connect(
      WorkflowServiceStubs stubs, String namespace, String address) {
    TemporalSession session = new TemporalSession(stubs, namespace, address);
    session.owned.add(stubs::shutdown);
    return session;
  }

  public static TemporalSession embedded(EmbeddedTemporal server, String namespace) {
    TemporalSession session = new TemporalSession(server.stubs(), namespace, server.address());
    session.owned.add(server);
    return session;
  }

  public TemporalSession serve(FanoutWorkers.Config config) {
    FanoutWorkers started = FanoutWorkers.start(client, config);
    workers.add(started);
    owned.add(0, started);
    return this;
  }

  /** Whether this session serves workers and all of them poll (a worker's readiness). */
  public boolean polling() {
    return !workers.isEmpty() && workers.stream().allMatch(FanoutWorkers::polling);
  }

  public WorkflowClient client() {
    return client;
  }

  /** Jobs, for commands that watch and steer them. */
  public JobService jobs() {
    return new JobService(client);
  }

  /** Jobs, for commands that submit them: a spec's large input goes to {@code blobs}. */
  public JobService jobs(BlobStore blobs) {
    return new JobService(client, blobs);
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public String address() {
    return address;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : owned) {
      c.close();
    }
  }
}
