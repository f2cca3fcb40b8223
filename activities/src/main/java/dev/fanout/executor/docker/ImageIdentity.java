package dev.fanout.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.fanout.cache.FunctionIdentity;
import dev.fanout.job.FunctionRef;

/**
 * What a container runs: the image's id as the engine reports it, so a tag moved to another build
 * counts as another function although the spec names the same {@code image}.
 */
public final class ImageIdentity implements FunctionIdentity {

  private final DockerClient docker;

  public ImageIdentity(DockerClient docker) {
    this.docker = docker;
  }

  @Override
  public String of(FunctionRef function) {
    try {
      return "docker:" + docker.inspectImageCmd(function.image()).exec().getId();
    } catch (NotFoundException e) {
      return null; // its sub-jobs fail to start: nothing to cache
    }
  }
}
