package dev.fanout.app.cli;

import dev.fanout.app.JobJournal;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.api.ApiServer;
import dev.fanout.app.api.AuthService;
import dev.fanout.app.api.Authenticator;
import dev.fanout.app.api.TokenFile;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.BlobStore;
import dev.fanout.workflow.owner.OwnerLimits;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    description =
        "Serve the HTTP JSON API (OpenAPI at /openapi.yaml) until stopped. Without --temporal it"
            + " embeds a Temporal server and runs every pool's workers too, like `run`.")
public class ServeCommand extends BaseCommand {

  @Option(
      names = "--port",
      defaultValue = "${env:FANOUT_API_PORT:-8080}",
      description = "Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "${env:FANOUT_API_BIND:-127.0.0.1}",
      description = "The address to listen on (0.0.0.0 for all). Default: ${DEFAULT-VALUE}.")
  String bind;

  @ArgGroup(multiplicity = "1")
  Auth auth;

  /** Where tokens are checked: one of the two. */
  static class Auth {
    @Option(
        names = "--tokens",
        paramLabel = "FILE",
        description = "A token file of lines 'TOKEN USER' or 'TOKEN USER admin'.")
    Path tokens;

    @Option(
        names = "--auth-url",
        paramLabel = "URL",
        description =
            "An auth service answering GET with the token in the Authorization header by"
                + " {\"user\": NAME}, as KBase's https://kbase.us/services/auth/api/V2/token.")
    URI authUrl;
  }

  @Option(
      names = "--admins",
      split = ",",
      description = "With --auth-url: users who see every job.")
  List<String> admins = List.of();

  @Option(
      names = "--max-active-jobs",
      defaultValue = "${env:FANOUT_MAX_ACTIVE_JOBS:-10}",
      description = "Jobs one owner may have running at once. Default: ${DEFAULT-VALUE}.")
  int maxActiveJobs;

  @Option(
      names = "--max-running-sub-jobs",
      defaultValue = "${env:FANOUT_MAX_RUNNING_SUB_JOBS:-100}",
      description =
          "Sub-jobs one owner may have running at once across their jobs. Default:"
              + " ${DEFAULT-VALUE}.")
  int maxRunningSubJobs;

  @Option(
      names = "--owner-weight",
      paramLabel = "OWNER=WEIGHT",
      description =
          "An owner's share of a busy pool against other owners' (1-1000; repeatable): with"
              + " alice=2, alice's waiting sub-jobs get twice the slots of an owner of weight 1."
              + " Default: 1 for everyone.")
  Map<String, Integer> ownerWeights = new LinkedHashMap<>();

  @Mixin ConnectionOptions connection;
  @Mixin WorkerOptions workerOptions;

  @Override
  protected int doCall() throws Exception {
    if (maxActiveJobs < 1 || maxRunningSubJobs < 1) {
      throw new UserInputException("--max-active-jobs, --max-running-sub-jobs: at least 1");
    }
    OwnerLimits limits;
    try {
      limits = new OwnerLimits(maxActiveJobs, maxRunningSubJobs, ownerWeights);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--owner-weight: " + e.getMessage());
    }
    Authenticator authenticator = authenticator();
    CountDownLatch stopped = new CountDownLatch(1);
    try (TemporalSession session = connection.connectOrEmbed()) {
      if (connection.temporal == null) {
        session.serve(workerOptions.config(FanoutWorkers.POOLS, global, null));
      }
      BlobStore blobs = workerOptions.blobOptions.open(global);
      try (ApiServer api =
          new ApiServer(session.jobs(blobs), global.logStore(), blobs, authenticator, limits)
              .start(bind, port)) {
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        out()
            .println(
                "Fanout API on http://"
                    + bind
                    + ":"
                    + api.port()
                    + " (OpenAPI: /openapi.yaml), Temporal "
                    + session.address()
                    + "; Ctrl-C stops it.");
        out().flush();
        if (connection.temporal == null) {
          new JobJournal(blobs).resumeUnfinished(session.jobs(blobs), out()::println);
          out().flush();
        }
        stopped.await();
      }
    }
    return EXIT_OK;
  }

  private Authenticator authenticator() throws Exception {
    if (auth.tokens != null) {
      if (!Files.isReadable(auth.tokens)) {
        throw new UserInputException("--tokens: cannot read " + auth.tokens);
      }
      try {
        return TokenFile.read(auth.tokens);
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--tokens: " + e.getMessage());
      }
    }
    return new AuthService(auth.authUrl, new HashSet<>(admins));
  }
}
