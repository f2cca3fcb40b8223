package dev.fanout.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;

/**
 * The real engine the Docker tests run against: FANOUT_DOCKER_HOST, as scripts/docker-engine.sh
 * starts it (CI does). Without one the tests are skipped with a message, except in CI.
 */
public final class DockerEngine {

  /** The image scripts/docker-engine.sh imports: busybox, nothing pulled. */
  public static final String IMAGE = "fanout-test/busybox:1";

  private DockerEngine() {}

  public static DockerClient client() {
    String host = System.getenv("FANOUT_DOCKER_HOST");
    boolean reachable = false;
    DockerClient client = null;
    if (host != null) {
      client = DockerExecutor.client(host);
      try {
        client.pingCmd().exec();
        client.inspectImageCmd(IMAGE).exec();
        reachable = true;
      } catch (RuntimeException e) {
        reachable = false;
      }
    }
    if (System.getenv("CI") != null) {
      assertThat(reachable)
          .as(
              "CI must have a Docker engine with "
                  + IMAGE
                  + " at FANOUT_DOCKER_HOST ("
                  + host
                  + ")")
          .isTrue();
    }
    assumeTrue(
        reachable,
        "no Docker engine with "
            + IMAGE
            + " at FANOUT_DOCKER_HOST; run scripts/docker-engine.sh start");
    return client;
  }
}
