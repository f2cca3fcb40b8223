package dev.fanout.jobdata;

/**
 * Where a job's data lives in the blob store, all under the job's id so {@code clean} removes it
 * with one prefix.
 */
public final class JobKeys {

  private JobKeys() {}

  public static String prefix(String jobId) {
    return jobId + "/";
  }

  static String subJobPage(String jobId, int page) {
    return String.format("%ssubjobs/page-%06d.json", prefix(jobId), page);
  }

  /** Every page of a job too large for one workflow to start: what its groups of pages read. */
  static String pageList(String jobId) {
    return prefix(jobId) + "subjobs/pages.json";
  }

  static String resultPage(String jobId, int page) {
    return String.format("%sresults/page-%06d.jsonl", prefix(jobId), page);
  }

  static String manifest(String jobId) {
    return prefix(jobId) + "results.jsonl";
  }

  /** The job's input, when it was too large to travel in the spec ({@link PayloadRef}). */
  public static String input(String jobId) {
    return prefix(jobId) + "input.json";
  }

  /** A sub-job's params, when they were too large to travel ({@link PayloadRef}). */
  public static String params(String jobId, String logName) {
    return prefix(jobId) + "params/" + logName + ".json";
  }

  /** What was submitted, to submit it again ({@code fanout resume}). */
  public static String journal(String jobId) {
    return prefix(jobId) + "journal.json";
  }

  /**
   * A job submitted and not known to have ended, outside the job's own keys so a server starting
   * can list them: {@code journal/running/JOB.json}.
   */
  public static String running(String jobId) {
    return RUNNING + jobId + ".json";
  }

  public static final String RUNNING = "journal/running/";

  public static String output(String jobId, String logName) {
    return prefix(jobId) + "outputs/" + logName + ".json";
  }

  public static String payload(String jobId, String logName, int attempt) {
    return prefix(jobId) + "payloads/" + logName + "-a" + attempt + ".json";
  }
}
