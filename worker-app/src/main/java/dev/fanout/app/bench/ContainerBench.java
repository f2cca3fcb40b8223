package dev.fanout.app.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.fanout.executor.docker.DockerExecutor;
import dev.fanout.job.FunctionRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * No-op containers through Fanout against the engine's own create+start+wait+remove, one at a time,
 * so the per-sub-job time is the latency Fanout adds to each.
 */
public final class ContainerBench {

  private static final List<String> NOOP_CONTAINER =
      List.of("sh", "-c", "echo '{}' > /fanout/output.json");

  private ContainerBench() {}

  /**
   * @param engine serving the docker pool on {@code dockerHost}
   * @param image a local image with sh
   */
  public static List<BenchRow> rows(
      BenchEngine engine, Path dir, String dockerHost, String image, int containers)
      throws Exception {
    FunctionRef noop =
        new FunctionRef("docker", null, image, NOOP_CONTAINER, null, null, null, null, null);
    try (DockerClient docker = DockerExecutor.client(dockerHost)) {
      BenchRow direct =
          BenchRow.baseline(
              "engine: create+start+wait+remove",
              containers,
              1,
              engine.best(() -> engineDirect(docker, image, containers, dir.resolve("direct"))));
      double fanout = engine.bestRun(noop, containers, 1, null).seconds();
      return List.of(
          direct, BenchRow.against(direct, "fanout, docker no-op", containers, 1, fanout));
    }
  }

  private static double engineDirect(DockerClient docker, String image, int containers, Path dir)
      throws Exception {
    Files.createDirectories(dir);
    long start = System.nanoTime();
    for (int i = 0; i < containers; i++) {
      String id =
          docker
              .createContainerCmd(image)
              .withCmd(NOOP_CONTAINER)
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withBinds(new Bind(dir.toString(), new Volume("/fanout")))
                      .withNetworkMode("none"))
              .exec()
              .getId();
      docker.startContainerCmd(id).exec();
      docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
      Files.readString(dir.resolve("output.json"));
      docker.removeContainerCmd(id).withForce(true).exec();
    }
    return BenchEngine.secondsSince(start);
  }
}
