package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.workflow.JobSearchAttributes;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Owner and phase as search attributes: `fanout setup` registers them (and says so when they are
 * there already), and a job started through Fanout carries its owner and its phase to the end. A
 * job started without them (a direct client) runs the same: DirectClientTest and the engine tests
 * start every job that way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SearchAttributesTest {

  @TempDir Path home;

  @Test
  void setupRegistersThemAndJobsCarryOwnerAndPhase() throws Exception {
    try (TemporalSession session =
        TemporalSession.embedded(EmbeddedTemporal.onLoopback(0), "default")
            .serve(TestWorkers.java(home))) {
      assertThat(setup(session.address()))
          .startsWith("registered FanoutOwner, FanoutPhase; namespace default on 127.0.0.1:");
      assertThat(setup(session.address())).startsWith("2 already registered; namespace default");

      JobService jobs = session.jobs();
      String job = jobs.submit(spec("bob"), "bobs-job");
      assertThat(jobs.result(job).join().counts().succeeded()).isEqualTo(3);
      SearchAttributes carried = attributes(session, job);
      assertThat(carried.get(JobSearchAttributes.OWNER)).isEqualTo("bob");
      assertThat(carried.get(JobSearchAttributes.PHASE)).isEqualTo("SUCCEEDED");
    }
  }

  private static ObjectNode spec(String owner) {
    ObjectNode spec = Json.MAPPER.createObjectNode().put("owner", owner);
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
    spec.set("task", Json.MAPPER.valueToTree(FunctionRef.java("noop")));
    spec.putObject("input").put("subJobs", 3).putObject("params");
    return spec;
  }

  private static SearchAttributes attributes(TemporalSession session, String jobId) {
    return session.client().newUntypedWorkflowStub(jobId).describe().getTypedSearchAttributes();
  }

  private static String setup(String address) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FanoutCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("setup", "--temporal=" + address);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }
}
