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

  static String resultPage(String jobId, int page) {
    return String.format("%sresults/page-%06d.jsonl", prefix(jobId), page);
  }

  static String manifest(String jobId) {
    return prefix(jobId) + "results.jsonl";
  }

  public static String output(String jobId, String logName) {
    return prefix(jobId) + "outputs/" + logName + ".json";
  }

  public static String payload(String jobId, String logName, int attempt) {
    return prefix(jobId) + "payloads/" + logName + "-a" + attempt + ".json";
  }
}
