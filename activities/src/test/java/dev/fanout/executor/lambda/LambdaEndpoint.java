package dev.fanout.executor.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.HttpURLConnection;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;

/**
 * The real Invoke API the Lambda tests use: FANOUT_LAMBDA_ENDPOINT, as scripts/lambda-endpoint.sh
 * starts it (CI does). Skipped with a message without one, except in CI.
 */
public final class LambdaEndpoint {

  private LambdaEndpoint() {}

  public static URI endpoint() {
    String endpoint = System.getenv("FANOUT_LAMBDA_ENDPOINT");
    boolean reachable = false;
    if (endpoint != null) {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.getResponseCode();
        reachable = true;
      } catch (Exception e) {
        reachable = false;
      }
    }
    if (System.getenv("CI") != null) {
      assertThat(reachable)
          .as("CI must serve the test functions at FANOUT_LAMBDA_ENDPOINT")
          .isTrue();
    }
    assumeTrue(
        reachable,
        "no Lambda endpoint at FANOUT_LAMBDA_ENDPOINT; run scripts/lambda-endpoint.sh start");
    return URI.create(endpoint);
  }

  public static LambdaAsyncClient client(URI endpoint, LambdaExecutor.Limits limits) {
    return LambdaExecutor.client(
        endpoint,
        Region.US_EAST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("fanout", "fanout")),
        limits);
  }
}
