package dev.fanout.executor.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fanout.executor.slurm.SlurmControl.Status;
import dev.fanout.job.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parsers on what Slurm 22.05.8 really printed (resources slurm-output/, see its README), with
 * no cluster: Nextflow's SlurmExecutorTest does the same for its parseQueueStatus.
 */
class SlurmOutputTest {

  private static String captured(String file) {
    try (InputStream in = SlurmOutputTest.class.getResourceAsStream("/slurm-output/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode capturedJson(String file) throws IOException {
    return Json.MAPPER.readTree(captured(file));
  }

  /** The states in a listing, by id. */
  private static Map<String, Status> states(Map<String, SlurmControl.Listed> listed) {
    return SlurmOutput.statuses(listed, listed.keySet());
  }

  private static Status ended(String state, int exitCode) {
    return new Status(state, exitCode);
  }

  private static Status active(String state) {
    return new Status(state, null);
  }

  /** Every job of the capture while the array had finished, running and pending elements. */
  private static final Map<String, Status> RUNNING =
      Map.ofEntries(
          entry("727", ended("COMPLETED", 0)),
          entry("728", ended("FAILED", 3)),
          entry("729", ended("FAILED", 137)),
          entry("730", active("RUNNING")),
          entry("731", active("RUNNING")),
          entry("732", active("PENDING")),
          entry("733_0", ended("COMPLETED", 0)),
          entry("733_1", ended("FAILED", 1)),
          entry("733_2", active("RUNNING")),
          entry("733_3", active("RUNNING")),
          entry("733_4", active("PENDING")),
          entry("733_5", active("PENDING")));

  /** And once all had ended: the timeout and the cancel killed by signal 15. */
  private static final Map<String, Status> ENDED =
      Map.ofEntries(
          entry("727", ended("COMPLETED", 0)),
          entry("728", ended("FAILED", 3)),
          entry("729", ended("FAILED", 137)),
          entry("730", ended("TIMEOUT", 143)),
          entry("731", ended("CANCELLED", 143)),
          entry("732", ended("CANCELLED", 0)),
          entry("733_0", ended("COMPLETED", 0)),
          entry("733_1", ended("FAILED", 1)),
          entry("733_2", ended("COMPLETED", 0)),
          entry("733_3", ended("FAILED", 1)),
          entry("733_4", ended("COMPLETED", 0)),
          entry("733_5", ended("FAILED", 1)));

  @Test
  void squeueGivesEachJobAndArrayElementItsNameStateAndExitCode() {
    assertThat(states(SlurmOutput.squeue(captured("squeue-running.txt")))).isEqualTo(RUNNING);
    Map<String, SlurmControl.Listed> ended = SlurmOutput.squeue(captured("squeue-ended.txt"));
    assertThat(states(ended)).isEqualTo(ENDED);
    assertThat(ended.get("730").name()).isEqualTo("capture-timeout");
    assertThat(SlurmOutput.named(ended, List.of("capture-array", "capture-ok")))
        .containsOnlyKeys("727", "733_0", "733_1", "733_2", "733_3", "733_4", "733_5");
  }

  @Test
  void squeueWithoutDashRListsPendingElementsAsOneLineThatStandsForEach() {
    assertThat(captured("squeue-collapsed.txt")).contains("733_[4-5%2]|PENDING|0|capture-array");
    assertThat(states(SlurmOutput.squeue(captured("squeue-collapsed.txt")))).isEqualTo(RUNNING);
  }

  @Test
  void slurmrestdSaysWhatSqueueSaysOfTheSameJobs() throws IOException {
    assertThat(states(SlurmOutput.restJobs(capturedJson("rest-jobs-running.json"))))
        .as("pending elements 4-5 only in the array's own record, array_task_string 4-5%2")
        .isEqualTo(RUNNING);
    Map<String, SlurmControl.Listed> ended =
        SlurmOutput.restJobs(capturedJson("rest-jobs-ended.json"));
    assertThat(states(ended)).isEqualTo(ENDED);
    assertThat(SlurmOutput.named(ended, List.of("capture-array")))
        .containsOnlyKeys("733_0", "733_1", "733_2", "733_3", "733_4", "733_5");
  }

  @Test
  void scontrolGivesOneJobsStateAndExitCode() {
    assertThat(SlurmOutput.scontrol(captured("scontrol-ok.txt"))).isEqualTo(ended("COMPLETED", 0));
    assertThat(SlurmOutput.scontrol(captured("scontrol-fail.txt"))).isEqualTo(ended("FAILED", 3));
    assertThat(SlurmOutput.scontrol(captured("scontrol-signal.txt")))
        .isEqualTo(ended("FAILED", 137));
    assertThat(SlurmOutput.scontrol(captured("scontrol-timeout.txt")))
        .as("ExitCode=0:15: killed by SIGTERM")
        .isEqualTo(ended("TIMEOUT", 143));
    assertThat(SlurmOutput.scontrol(captured("scontrol-cancelled-running.txt")))
        .isEqualTo(ended("CANCELLED", 143));
    assertThat(SlurmOutput.scontrol(captured("scontrol-cancelled-pending.txt")))
        .isEqualTo(ended("CANCELLED", 0));
    assertThat(SlurmOutput.scontrol(captured("scontrol-running.txt"))).isEqualTo(active("RUNNING"));
    assertThat(SlurmOutput.scontrol(captured("scontrol-pending.txt"))).isEqualTo(active("PENDING"));
    assertThat(SlurmOutput.scontrol(captured("scontrol-pending-element.txt")))
        .isEqualTo(active("PENDING"));
    assertThat(SlurmOutput.scontrol(captured("scontrol-failed-element.txt")))
        .isEqualTo(ended("FAILED", 1));
  }

  @Test
  void sacctGivesTheJobsItRecorded() {
    assertThat(SlurmOutput.sacct(captured("sacct-jobcomp.txt")))
        .isEqualTo(
            Map.of(
                "727", ended("COMPLETED", 0),
                "728", ended("FAILED", 3),
                "729", ended("FAILED", 137),
                "730", ended("TIMEOUT", 0),
                "731", ended("CANCELLED", 0),
                "732", ended("CANCELLED", 0),
                "733", ended("FAILED", 1)));
    assertThat(SlurmOutput.sacct("1234_5|CANCELLED by 1000|0:15\n1234_5.batch|CANCELLED|0:15\n"))
        .as("slurmdbd's sacct: who cancelled, after the state; steps left out")
        .isEqualTo(Map.of("1234_5", ended("CANCELLED by 1000", 143)));
  }

  @Test
  void slurmSayingItHoldsNoSuchJobIsToldFromAFailure() throws IOException {
    assertThat(SlurmOutput.unknownJob(captured("squeue-unknown.err"))).isTrue();
    assertThat(SlurmOutput.unknownJob(captured("scontrol-unknown.err"))).isTrue();
    assertThat(SlurmOutput.unknownJob("squeue: error: Socket timed out on send/recv")).isFalse();
    assertThat(SlurmOutput.noAccounting(captured("sacct-disabled.err"))).isTrue();
    assertThat(SlurmOutput.unknownJob(capturedJson("rest-job-unknown.json"))).isTrue();
    assertThat(SlurmOutput.unknownJob(capturedJson("rest-job-pending-element.json")))
        .as("slurmrestd cannot GET an element that has not started: not 'unknown job'")
        .isFalse();
  }

  @Test
  void submissionsAnswerWithTheJobsId() throws IOException {
    assertThat(SlurmOutput.sbatch(captured("sbatch-parsable.txt"))).isEqualTo("727");
    assertThat(SlurmOutput.sbatch("727;fanout\n")).isEqualTo("727");
    assertThat(SlurmOutput.restSubmitted(capturedJson("rest-submit.json"))).isEqualTo("739");
  }

  @Test
  void timeReportsWhatTheCommandUsedAfterWhyItEnded() {
    assertThat(JobScript.usage(captured("time-ok.txt")))
        .isEqualTo(Map.of("elapsed", 0.0, "maxrss_kb", 1428.0, "cpu", 0.0));
    assertThat(captured("time-fail.txt")).startsWith("Command exited with non-zero status 3\n");
    assertThat(JobScript.usage(captured("time-fail.txt")))
        .isEqualTo(Map.of("elapsed", 0.0, "maxrss_kb", 1508.0, "cpu", 84.0));
    assertThat(captured("time-signal.txt")).startsWith("Command terminated by signal 9\n");
    assertThat(JobScript.usage(captured("time-signal.txt")))
        .isEqualTo(Map.of("elapsed", 0.01, "maxrss_kb", 1432.0, "cpu", 0.0));
    assertThat(JobScript.usage("")).isEmpty();
    assertThat(JobScript.usage("elapsed=? maxrss_kb=1.2.3 cpu=7%")).isEqualTo(Map.of("cpu", 7.0));
  }

  @Test
  void arrayIndexStringsNameEachIndex() {
    assertThat(SlurmOutput.arrayIndexes("4-5%2")).containsExactly(4L, 5L);
    assertThat(SlurmOutput.arrayIndexes("0,4-8:2,11")).containsExactly(0L, 4L, 6L, 8L, 11L);
    assertThat(SlurmOutput.arrayIndexes("7")).containsExactly(7L);
    assertThat(SlurmOutput.squeue("123_[4-7%2]|PENDING|0|x\n").keySet())
        .containsExactly("123_4", "123_5", "123_6", "123_7");
  }

  @Test
  void whatSlurmNeverPrintsIsRefusedNotReadAsNoJobs() throws IOException {
    String proxyPage = "<html><body>502 Bad Gateway</body></html>\n";
    assertThatThrownBy(() -> SlurmOutput.squeue(proxyPage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "squeue printed what it never prints: <html><body>502 Bad Gateway</body></html>");
    assertThatThrownBy(() -> SlurmOutput.squeue("727|COMPLETED|0|a\n733_0|COMPL"))
        .hasMessageContaining("733_0|COMPL");
    assertThatThrownBy(() -> SlurmOutput.squeue("727|COMPLETED|x|a\n")).hasMessageContaining("|x");
    assertThatThrownBy(() -> SlurmOutput.squeue("abc|COMPLETED|0|a\n")).hasMessageContaining("abc");
    assertThatThrownBy(() -> SlurmOutput.scontrol(proxyPage))
        .hasMessageStartingWith("scontrol printed");
    assertThatThrownBy(() -> SlurmOutput.scontrol("")).hasMessageStartingWith("scontrol printed");
    assertThatThrownBy(() -> SlurmOutput.sacct("727|COMPLETED\n")).hasMessageStartingWith("sacct");
    assertThatThrownBy(() -> SlurmOutput.sbatch(proxyPage)).hasMessageStartingWith("sbatch");
    assertThatThrownBy(() -> SlurmOutput.restJobs(Json.MAPPER.readTree("{\"jobs\": 3}")))
        .hasMessageStartingWith("slurmrestd printed");
    assertThatThrownBy(
            () ->
                SlurmOutput.restJobs(
                    Json.MAPPER.readTree("{\"jobs\": [{\"job_id\": 1, \"exit_code\": 0}]}")))
        .hasMessageStartingWith("slurmrestd printed");
    assertThat(SlurmOutput.squeue(""))
        .as("nothing at all is a valid answer: no such jobs")
        .isEmpty();
  }
}
