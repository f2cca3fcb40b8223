package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.app.temporal.EmbeddedTemporal;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Workers serving Temporal's test server must know it (their pages then abandon on cancel). */
class TemporalSessionTest {

  @Test
  void theTestServerIsRecognisedEvenWhenReachedByAddress() {
    try (EmbeddedTemporal dev = EmbeddedTemporal.onLoopback(0)) {
      assertThat(TemporalSession.isTestServer(dev.stubs())).isTrue();

      WorkflowServiceStubs byAddress =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(dev.address()).build(),
              Duration.ofSeconds(5));
      try {
        assertThat(TemporalSession.isTestServer(byAddress)).isTrue();
      } finally {
        byAddress.shutdownNow();
      }
    }
    WorkflowServiceStubs nowhere =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:1")
                .setRpcTimeout(Duration.ofSeconds(2))
                .build());
    try {
      assertThat(TemporalSession.isTestServer(nowhere)).as("unreachable: not known").isFalse();
    } finally {
      nowhere.shutdownNow();
    }
  }
}
