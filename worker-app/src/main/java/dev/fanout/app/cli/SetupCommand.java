package dev.fanout.app.cli;

import dev.fanout.app.SearchAttributeSetup;
import dev.fanout.app.TemporalSession;
import dev.fanout.workflow.JobSearchAttributes;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "setup",
    description =
        "Register Fanout's search attributes (FanoutOwner, FanoutPhase) on a cluster's namespace,"
            + " so operators can find jobs by owner and phase. Safe to run again.")
public class SetupCommand extends BaseCommand {

  @Mixin ConnectionOptions connection;

  @Override
  protected int doCall() throws Exception {
    try (TemporalSession session = connection.connect()) {
      List<String> added = SearchAttributeSetup.register(session.stubs(), connection.namespace);
      int had = JobSearchAttributes.ALL.size() - added.size();
      out()
          .println(
              (added.isEmpty() ? "" : "registered " + String.join(", ", added) + "; ")
                  + (had > 0 ? had + " already registered; " : "")
                  + "namespace "
                  + connection.namespace
                  + " on "
                  + session.address());
    }
    return EXIT_OK;
  }
}
