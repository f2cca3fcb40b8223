package dev.fanout.app;

import static dev.fanout.app.RenderedChart.container;
import static dev.fanout.app.RenderedChart.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pod of a Deployment that helm/fanout rendered, as a kubelet would run it, but as a container
 * on a Docker engine: the same image, args, environment (its ConfigMaps' and its own), user and
 * groups, read-only root, dropped capabilities, memory limit and mounts. The host's network stands
 * in for the pod's (the engine here has no bridge), so the pod's ports are opened on the host.
 *
 * @param claims the host directory that stands for each PersistentVolumeClaim, by claim name
 */
record PodContainer(
    String image,
    List<String> args,
    List<String> env,
    String user,
    List<String> groups,
    boolean readOnlyRoot,
    boolean dropsAllCapabilities,
    boolean noPrivilegeEscalation,
    long memoryBytes,
    List<Mount> mounts,
    int metricsPort,
    String readinessPath,
    String livenessPath) {

  /** What the test's containers carry, so one left behind can be found. */
  static final String LABEL = "dev.fanout.test";

  static PodContainer of(RenderedChart chart, String deployment, Map<String, Path> claims) {
    JsonNode pod = chart.deployment(deployment).path("spec").path("template");
    JsonNode podSpec = pod.path("spec");
    JsonNode container = container(chart.deployment(deployment));
    JsonNode podSecurity = podSpec.path("securityContext");
    JsonNode security = container.path("securityContext");
    List<String> groups = new ArrayList<>();
    if (podSecurity.has("fsGroup")) {
      groups.add(podSecurity.path("fsGroup").asText());
    }
    podSecurity.path("supplementalGroups").forEach(g -> groups.add(g.asText()));
    List<String> drop = new ArrayList<>();
    security.path("capabilities").path("drop").forEach(c -> drop.add(c.asText()));
    return new PodContainer(
        container.path("image").asText(),
        texts(container.path("args")),
        environment(chart, container),
        podSecurity.path("runAsUser").asText() + ":" + podSecurity.path("runAsGroup").asText(),
        groups,
        security.path("readOnlyRootFilesystem").asBoolean(),
        drop.equals(List.of("ALL")),
        security.has("allowPrivilegeEscalation")
            && !security.path("allowPrivilegeEscalation").asBoolean(),
        bytes(container.path("resources").path("limits").path("memory").asText()),
        mounts(pod, container, claims),
        port(container, "metrics"),
        probePath(container, "readinessProbe"),
        probePath(container, "livenessProbe"));
  }

  /** Creates and starts the container; returns its id. */
  String start(DockerClient docker, String name) {
    HostConfig host =
        HostConfig.newHostConfig()
            .withNetworkMode("host")
            .withReadonlyRootfs(readOnlyRoot)
            .withGroupAdd(groups)
            .withMounts(mounts)
            .withMemory(memoryBytes);
    if (dropsAllCapabilities) {
      host.withCapDrop(Capability.ALL);
    }
    if (noPrivilegeEscalation) {
      host.withSecurityOpts(List.of("no-new-privileges"));
    }
    String id =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withCmd(args)
            .withEnv(env)
            .withUser(user)
            .withLabels(Map.of(LABEL, "worker-image"))
            .withHostConfig(host)
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  /**
   * Waits until the container answers its readiness probe as the kubelet asks it; fails with the
   * container's log if it stops or does not become ready.
   */
  void awaitReady(DockerClient docker, String id, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (probe(readinessPath) != 200) {
      InspectContainerResponse.ContainerState state =
          docker.inspectContainerCmd(id).exec().getState();
      if (!Boolean.TRUE.equals(state.getRunning()) || System.nanoTime() > deadline) {
        throw new AssertionError(
            "container "
                + id
                + " did not become ready (running: "
                + state.getRunning()
                + ", exit "
                + state.getExitCodeLong()
                + "); its log:\n"
                + log(docker, id));
      }
      Thread.sleep(200);
    }
  }

  /** The status the container's metrics port answers {@code path} with; 0 if nothing listens. */
  int probe(String path) throws InterruptedException {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  static String log(DockerClient docker, String id) throws InterruptedException {
    StringBuilder log = new StringBuilder();
    docker
        .logContainerCmd(id)
        .withStdOut(true)
        .withStdErr(true)
        .withTail(200)
        .exec(
            new ResultCallback.Adapter<Frame>() {
              @Override
              public void onNext(Frame frame) {
                log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
              }
            })
        .awaitCompletion(10, TimeUnit.SECONDS);
    return log.toString();
  }

  private static List<String> environment(RenderedChart chart, JsonNode container) {
    List<String> env = new ArrayList<>();
    for (JsonNode from : container.path("envFrom")) {
      if (!from.has("configMapRef")) {
        throw new UnsupportedOperationException("envFrom " + from + ": only ConfigMaps here");
      }
      String name = from.path("configMapRef").path("name").asText();
      chart
          .only("ConfigMap", name)
          .path("data")
          .fields()
          .forEachRemaining(e -> env.add(e.getKey() + "=" + e.getValue().asText()));
    }
    for (JsonNode var : container.path("env")) {
      env.add(var.path("name").asText() + "=" + var.path("value").asText());
    }
    return env;
  }

  private static List<Mount> mounts(JsonNode pod, JsonNode container, Map<String, Path> claims) {
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode mount : container.path("volumeMounts")) {
      JsonNode volume = volume(pod, mount.path("name").asText());
      Mount docker = new Mount().withTarget(mount.path("mountPath").asText());
      if (volume.has("emptyDir")) {
        docker.withType(MountType.TMPFS);
      } else if (volume.has("persistentVolumeClaim")) {
        String claim = volume.path("persistentVolumeClaim").path("claimName").asText();
        if (!claims.containsKey(claim)) {
          throw new AssertionError("no host directory for the claim " + claim);
        }
        docker.withType(MountType.BIND).withSource(claims.get(claim).toString());
      } else if (volume.has("hostPath")) {
        docker.withType(MountType.BIND).withSource(volume.path("hostPath").path("path").asText());
      } else {
        throw new UnsupportedOperationException("volume " + volume + ": not one a test mounts");
      }
      mounts.add(docker.withReadOnly(mount.path("readOnly").asBoolean()));
    }
    return mounts;
  }

  private static int port(JsonNode container, String name) {
    for (JsonNode port : container.path("ports")) {
      if (port.path("name").asText().equals(name)) {
        return port.path("containerPort").asInt();
      }
    }
    throw new AssertionError("the container has no port named " + name);
  }

  /** The path of an HTTP probe, which must ask the metrics port. */
  private static String probePath(JsonNode container, String probe) {
    JsonNode get = container.path(probe).path("httpGet");
    if (!get.path("port").asText().equals("metrics")) {
      throw new AssertionError(probe + " asks port " + get.path("port") + ", not metrics");
    }
    return get.path("path").asText();
  }

  /** A Kubernetes quantity in Ki, Mi or Gi. */
  private static long bytes(String quantity) {
    List<String> units = List.of("Ki", "Mi", "Gi");
    String unit = quantity.substring(quantity.length() - 2);
    int power = units.indexOf(unit) + 1;
    if (power == 0) {
      throw new IllegalArgumentException("memory " + quantity + ": expected Ki, Mi or Gi");
    }
    return Long.parseLong(quantity.substring(0, quantity.length() - 2)) << (10 * power);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(t -> texts.add(t.asText()));
    return texts;
  }
}
