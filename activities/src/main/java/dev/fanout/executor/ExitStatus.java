package dev.fanout.executor;

import dev.fanout.job.FailureType;

/**
 * How a command ended, as every command-running executor reports it (process, Docker, Slurm): 0 for
 * success, its own code, or 128 + N when signal N killed it, as a shell reports it.
 */
public record ExitStatus(int code) {

  /** From a code and the signal that ended the command (0: none), as Slurm reports them. */
  public static ExitStatus of(int code, int signal) {
    return new ExitStatus(signal != 0 ? 128 + signal : code);
  }

  public boolean succeeded() {
    return code == 0;
  }

  /** {@code exit code 137 (killed by signal 9)}. */
  public String describe() {
    return "exit code " + code + (code > 128 ? " (killed by signal " + (code - 128) + ")" : "");
  }

  /** Fails as {@link FailureType#NON_ZERO_EXIT} unless the command succeeded. */
  public void check(OutputTail tail) throws InvocationException {
    if (!succeeded()) {
      throw new InvocationException(FailureType.NON_ZERO_EXIT, describe() + tail.describe(), null);
    }
  }
}
