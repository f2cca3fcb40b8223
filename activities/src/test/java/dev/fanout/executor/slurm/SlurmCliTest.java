package dev.fanout.executor.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.executor.InfrastructureException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command timeout, on real processes: a prefix that hangs (as a stuck ssh would) stands in
 * front of Slurm's commands, so no Slurm is needed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlurmCliTest {

  @TempDir Path dir;

  @Test
  void aCommandThatHangsIsKilledWithWhatItStartedAtTheTimeout() throws Exception {
    Path pid = dir.resolve("pid");
    // Starts a child that holds the output open for an hour, then would run the command.
    SlurmCli cli =
        new SlurmCli(
            List.of("sh", "-c", "sleep 3600 & echo $! > " + pid + "; wait; exec \"$@\"", "hung"),
            Duration.ofSeconds(1));

    assertThatThrownBy(() -> cli.statuses(List.of("12")))
        .isInstanceOf(InfrastructureException.class)
        .hasMessageContaining("squeue -h -t all -r -j 12")
        .hasMessageEndingWith("did not answer within 1 s")
        .satisfies(
            e -> assertThat(((InfrastructureException) e).type()).isEqualTo("SlurmUnavailable"));
    // Had it waited for the child, the class's timeout would have failed it long before.

    long sleeper = Long.parseLong(Files.readString(pid).strip());
    for (int i = 0;
        i < 50 && ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false);
        i++) {
      Thread.sleep(100);
    }
    assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false))
        .as("the child it started is killed too")
        .isFalse();
  }

  @Test
  void aCommandThatAnswersGarbageOrFailsIsNoAnswer() {
    SlurmCli garbage =
        new SlurmCli(List.of("sh", "-c", "echo '<html>502</html>'", "x"), Duration.ofSeconds(10));
    assertThatThrownBy(() -> garbage.statuses(List.of("12")))
        .isInstanceOf(InfrastructureException.class)
        .hasMessage("squeue printed what it never prints: <html>502</html>");

    SlurmCli failing =
        new SlurmCli(
            List.of("sh", "-c", "echo 'Socket timed out' >&2; exit 1", "x"),
            Duration.ofSeconds(10));
    assertThatThrownBy(() -> failing.record("12"))
        .isInstanceOf(InfrastructureException.class)
        .hasMessageEndingWith("exited 1: Socket timed out");
  }
}
