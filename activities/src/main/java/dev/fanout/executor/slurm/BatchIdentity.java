package dev.fanout.executor.slurm;

import dev.fanout.cache.Digests;
import dev.fanout.cache.FunctionIdentity;
import dev.fanout.executor.process.ProgramIdentity;
import dev.fanout.job.FunctionRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What a batch job runs: its command as a process's (argv and the digests of the files it names, as
 * this worker sees them: the nodes share its filesystem), and with an {@code image}, that image
 * too: the content digest of an image file (a SIF), else its name.
 */
public final class BatchIdentity implements FunctionIdentity {

  private final ProgramIdentity command = new ProgramIdentity("slurm", System.getenv("PATH"));

  @Override
  public String of(FunctionRef function) throws IOException {
    String run = command.of(function);
    return function.image() == null ? run : run + " image:" + image(function.image());
  }

  private static String image(String image) throws IOException {
    try {
      Path file = Path.of(image);
      return Files.isRegularFile(file) ? "sha256:" + Digests.of(file) : image;
    } catch (InvalidPathException e) {
      return image;
    }
  }
}
