package dev.fanout.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.app.temporal.FanoutWorkers;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.docker.DockerEngine;
import dev.fanout.job.ExecutorKind;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.JobProgress;
import dev.fanout.job.JobResult;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import dev.fanout.job.SubJobState;
import dev.fanout.jobdata.ResultManifest;
import dev.fanout.logs.LogStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images scripts/images.sh builds, on the engine .ci/run starts: the worker image run as the
 * chart's Deployments run it, against an embedded dev server on this host, killed mid-job and
 * replaced; and the bio-tools image under the Docker executor. Runs after {@code package}, which
 * makes the fat jar the worker image holds.
 */
class WorkerImageIT {

  /**
   * What the killed container serves: all the job needs (its workflows, its Java mapper and
   * reducer, its process sub-jobs), so the kill takes the workflow worker down with the sub-jobs.
   */
  private static final List<String> POOLS =
      List.of(FanoutWorkers.WORKFLOWS, ExecutorKind.JAVA.id(), ExecutorKind.PROCESS.id());

  private static final int SUB_JOBS = 24;
  private static final int WINDOW = 4;

  /** The claim the chart mounts as the shared home; here, a directory of this host. */
  private static final String HOME_CLAIM = "fanout-home";

  private static DockerClient docker;
  private static String workerImage;
  private static String bioToolsImage;

  @BeforeAll
  static void buildImages() throws Exception {
    docker = DockerEngine.client();
    workerImage = Images.build("worker");
    bioToolsImage = Images.build("bio-tools");
  }

  @AfterAll
  static void closeEngine() throws IOException {
    if (docker != null) {
      removeContainers();
      docker.close();
    }
  }

  /** Every container these tests started, even one a crashed run left behind. */
  private static void removeContainers() {
    for (Container left :
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(PodContainer.LABEL, "worker-image"))
            .exec()) {
      docker.removeContainerCmd(left.getId()).withForce(true).exec();
    }
  }

  @Test
  void theImageIsTheOneTheChartDeploysWithItsUserPortAndCommand() throws IOException {
    PodContainer pod = PodContainer.of(RenderedChart.render(t -> t), "fanout-workflows", Map.of());
    InspectImageResponse image = docker.inspectImageCmd(workerImage).exec();

    assertThat(pod.image()).isEqualTo(workerImage);
    assertThat(image.getConfig().getUser()).isEqualTo(pod.user());
    assertThat(image.getConfig().getExposedPorts())
        .extracting(ExposedPort::getPort)
        .containsExactly(pod.metricsPort());
    assertThat(pod.args()).first().isEqualTo(image.getConfig().getCmd()[0]);
    assertThat(image.getConfig().getEnv())
        .contains(pod.env().stream().filter(e -> e.startsWith("FANOUT_HOME=")).findFirst().get());
    System.out.printf(
        "%s: %d MB; %s: %d MB%n",
        workerImage,
        image.getSize() / 1_000_000,
        bioToolsImage,
        docker.inspectImageCmd(bioToolsImage).exec().getSize() / 1_000_000);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aJobFinishesThroughTheKillOfItsWorkerContainerEachResultRecordedOnce() throws Exception {
    // Not a @TempDir: that would be under /tmp, where the pods mount their own emptyDir.
    Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "worker-image-");
    try (TemporalSession session =
        TemporalSession.embedded(EmbeddedTemporal.onLoopback(0), "default")) {
      try {
        PodContainer killed = pod("killed", POOLS, session.address(), home);
        giveTo(home, killed.user());
        String first = killed.start(docker, name("killed-1"));
        killed.awaitReady(docker, first, Duration.ofMinutes(1));
        assertThat(killed.probe(killed.livenessPath())).isEqualTo(200);

        Path runs = home.resolve("runs");
        String jobId = session.jobs().submit(spec(runs), null);
        JobProgress atKill =
            await(
                session,
                jobId,
                p -> p.counts().succeeded() >= SUB_JOBS / 3 && p.counts().running() > 0);
        docker.killContainerCmd(first).exec();
        assertThat(docker.waitContainerCmd(first).start().awaitStatusCode(30, TimeUnit.SECONDS))
            .as("SIGKILL")
            .isEqualTo(137);
        String second = killed.start(docker, name("killed-2"));
        killed.awaitReady(docker, second, Duration.ofMinutes(1));
        JobResult result = session.jobs().result(jobId).get(3, TimeUnit.MINUTES);

        assertThat(result.counts().succeeded()).isEqualTo(SUB_JOBS);
        assertThat(result.output().path("SUCCEEDED").asInt())
            .as("the reducer's count")
            .isEqualTo(SUB_JOBS);
        List<SubJobResult> recorded = manifest(home, result);
        assertThat(recorded)
            .extracting(SubJobResult::index)
            .containsExactlyElementsOf(IntStream.range(0, SUB_JOBS).boxed().toList());
        assertThat(recorded)
            .allSatisfy(
                r -> {
                  assertThat(r.state()).isEqualTo(SubJobState.SUCCEEDED);
                  assertThat(r.output().path("index").asInt()).isEqualTo(r.index());
                });
        assertThat(recorded)
            .as("sub-jobs cut short by the kill, run again")
            .anySatisfy(r -> assertThat(r.attempts()).isGreaterThan(1));
        Map<Integer, Long> runsPerSubJob = runsPerSubJob(runs);
        System.out.printf(
            "killed with %s; runs per sub-job: %s%n", atKill.summary(), runsPerSubJob);
        assertThat(runsPerSubJob.keySet()).hasSize(SUB_JOBS);
        // The pod's user wrote the shared home: the image runs as the chart says.
        assertThat(Files.getAttribute(home.resolve("logs"), "unix:uid").toString())
            .isEqualTo(killed.user().split(":")[0]);
      } finally {
        removeContainers(); // before the server stops under their polls
        LogStore.deleteTree(home);
      }
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theBioToolsRunUnderTheDockerExecutor(@TempDir Path home) throws Exception {
    try (TemporalSession session =
        TemporalSession.embedded(EmbeddedTemporal.inProcess(), "default")
            .serve(TestWorkers.docker(home))) {
      ObjectNode spec = Json.MAPPER.createObjectNode();
      spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java(JobService.LISTED_SUB_JOBS)));
      ObjectNode task = spec.putObject("task");
      task.put("executor", "docker").put("image", bioToolsImage);
      task.putArray("command").add("python3").add("/checks/check.py");
      task.putArray("mounts")
          .add(Path.of("target/test-classes/bio-tools").toAbsolutePath() + ":/checks");
      var subJobs = spec.putObject("input").putArray("subJobs");
      for (String tool : List.of("kallisto", "salmon", "seqkit", "diamond", "megahit", "cobra")) {
        subJobs.addObject().put("key", tool).putObject("params").put("tool", tool);
      }

      JobResult result = session.jobs().result(session.jobs().submit(spec, "bio-tools")).join();

      Map<String, String> said =
          manifest(home, result).stream()
              .collect(
                  Collectors.toMap(
                      r -> r.output().path("tool").asText(),
                      r -> r.output().path("said").asText()));
      assertThat(said)
          .hasSize(6)
          .hasEntrySatisfying("kallisto", s -> assertThat(s).startsWith("kallisto, version 0."))
          .hasEntrySatisfying("salmon", s -> assertThat(s).startsWith("salmon 1."))
          .hasEntrySatisfying("diamond", s -> assertThat(s).startsWith("diamond version 2."))
          .hasEntrySatisfying("megahit", s -> assertThat(s).startsWith("MEGAHIT v1."))
          .containsEntry("seqkit", "a\t62.50")
          // The E. coli core model's growth on glucose, as cobra's own tests have it.
          .containsEntry("cobra", "growth 0.874");
    }
  }

  /** The chart rendered with one pool, on this host's dev server and home, as a container. */
  private static PodContainer pod(String pool, List<String> queues, String temporal, Path home)
      throws IOException {
    Map<String, Object> values =
        Map.of(
            "temporal",
            Map.of("address", temporal),
            "fanout",
            Map.of("home", Map.of("existingClaim", HOME_CLAIM, "mountPath", home.toString())),
            // On the host's network, shared with other tests: a port nobody uses.
            "metrics",
            Map.of("port", freePort()),
            "pools",
            Map.of(
                "workflows",
                Map.of("enabled", false),
                "java",
                Map.of("enabled", false),
                pool,
                Map.of("enabled", true, "queues", queues, "processSlots", WINDOW)));
    return PodContainer.of(
        RenderedChart.render(values), "fanout-" + pool, Map.of(HOME_CLAIM, home));
  }

  /** Java mapper and reducer around process sub-jobs that say which index ran, and take 1 s. */
  private static ObjectNode spec(Path runs) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.put("owner", "images");
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java("count")));
    ObjectNode task = spec.putObject("task");
    task.put("executor", "process");
    task.putArray("command")
        .add("sh")
        .add("-c")
        .add(
            "echo \"$FANOUT_TASK_INDEX\" >> \"$RUNS\"; sleep 1;"
                + " printf '{\"index\": %s}' \"$FANOUT_TASK_INDEX\" > output.json");
    task.putObject("env").put("RUNS", runs.toString());
    spec.set("reducer", Json.MAPPER.valueToTree(FunctionRef.java("tally")));
    spec.putObject("input").put("subJobs", SUB_JOBS).putObject("params");
    spec.put("maxParallel", WINDOW);
    spec.putObject("retry").put("maxAttempts", 3).put("initialInterval", "PT1S");
    return spec;
  }

  private static JobProgress await(
      TemporalSession session, String jobId, Predicate<JobProgress> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    JobProgress progress = session.jobs().progress(jobId);
    while (!until.test(progress)) {
      assertThat(System.nanoTime()).as("job progress: " + progress.summary()).isLessThan(deadline);
      Thread.sleep(100);
      progress = session.jobs().progress(jobId);
    }
    return progress;
  }

  private static List<SubJobResult> manifest(Path home, JobResult result) throws IOException {
    List<SubJobResult> all = new ArrayList<>();
    try (ResultManifest.Results results =
        ResultManifest.read(new FileBlobStore(home.resolve("blobs")), result.results())) {
      results.forEach(all::add);
    }
    return all;
  }

  private static Map<Integer, Long> runsPerSubJob(Path runs) throws IOException {
    return Files.readAllLines(runs, StandardCharsets.UTF_8).stream()
        .map(Integer::valueOf)
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
  }

  /** As fsGroup makes a pod's volumes its own: here the claim is a directory given to its user. */
  private static void giveTo(Path dir, String user) throws IOException {
    String[] ids = user.split(":");
    Files.setAttribute(dir, "unix:uid", Integer.parseInt(ids[0]));
    Files.setAttribute(dir, "unix:gid", Integer.parseInt(ids[1]));
  }

  private static String name(String role) {
    return "fanout-image-it-" + ProcessHandle.current().pid() + "-" + role;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** scripts/images.sh, as CI and operators run it. */
  static final class Images {
    private Images() {}

    /** Builds (or, where the script keeps it, reuses) the image of {@code target}; its name. */
    static String build(String target) throws Exception {
      Process script =
          new ProcessBuilder("../scripts/images.sh", target)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(script.waitFor(30, TimeUnit.MINUTES)).as("images.sh " + target).isTrue();
      assertThat(script.exitValue()).as("images.sh " + target + " exit").isZero();
      return out.strip();
    }
  }
}
