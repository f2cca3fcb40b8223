package dev.fanout.app;

import static dev.fanout.app.RenderedChart.args;
import static dev.fanout.app.RenderedChart.container;
import static dev.fanout.app.RenderedChart.env;
import static dev.fanout.app.RenderedChart.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart in helm/fanout, linted and rendered by the helm that helm-java bundles, and the
 * rendered manifests checked: values must reach the env vars, arguments and volumes the worker
 * reads.
 */
class HelmChartTest {

  @Test
  void lintsCleanlyEvenStrict() {
    LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void byDefaultDeploysTheWorkflowAndJavaPoolsWithTheirQueues() throws IOException {
    RenderedChart chart = render(t -> t);

    assertThat(chart.deployments())
        .extracting(d -> d.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder("fanout-workflows", "fanout-java");
    JsonNode workflows = chart.deployment("fanout-workflows");
    assertThat(workflows.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(args(workflows))
        .containsExactly(
            "worker", "--queues=workflows", "--activity-slots=200", "--metrics-port=9464");
    assertThat(chart.kinds()).doesNotContain("HorizontalPodAutoscaler", "Secret");
  }

  @Test
  void temporalAndFanoutSettingsReachTheWorkersEnvironment() throws IOException {
    RenderedChart chart =
        render(
            t ->
                t.set("temporal.address", "temporal.example:7233")
                    .set("temporal.namespace", "kbase")
                    .set("fanout.blobs", "s3://bucket/fanout")
                    .set("fanout.maxParallelCeiling", "800"));

    JsonNode config = chart.only("ConfigMap", "fanout").path("data");
    assertThat(config.path("FANOUT_TEMPORAL").asText()).isEqualTo("temporal.example:7233");
    assertThat(config.path("FANOUT_NAMESPACE").asText()).isEqualTo("kbase");
    assertThat(config.path("FANOUT_BLOBS").asText()).isEqualTo("s3://bucket/fanout");
    assertThat(config.path("FANOUT_MAX_PARALLEL_CEILING").asText()).isEqualTo("800");
    assertThat(config.path("FANOUT_HOME").asText()).isEqualTo("/var/lib/fanout");
    JsonNode container = container(chart.deployment("fanout-java"));
    assertThat(container.path("envFrom").findValuesAsText("name")).containsExactly("fanout");
  }

  @Test
  void mutualTlsMountsTheSecretWhereTheWorkerLooksForIt() throws IOException {
    RenderedChart chart =
        render(
            t ->
                t.set("temporal.tls.enabled", "true")
                    .set("temporal.tls.existingSecret", "temporal-client")
                    .set("temporal.tls.serverName", "frontend.temporal"));

    JsonNode config = chart.only("ConfigMap", "fanout").path("data");
    assertThat(config.path("FANOUT_TLS_CERT").asText()).isEqualTo("/etc/fanout/tls/tls.crt");
    assertThat(config.path("FANOUT_TLS_KEY").asText()).isEqualTo("/etc/fanout/tls/tls.key");
    assertThat(config.path("FANOUT_TLS_CA").asText()).isEqualTo("/etc/fanout/tls/ca.crt");
    assertThat(config.path("FANOUT_TLS_SERVER_NAME").asText()).isEqualTo("frontend.temporal");
    JsonNode pod = chart.deployment("fanout-workflows").path("spec").path("template");
    assertThat(pod.path("spec").path("volumes").findValuesAsText("secretName"))
        .containsExactly("temporal-client");
    assertThat(container(chart.deployment("fanout-workflows")).path("volumeMounts"))
        .anySatisfy(m -> assertThat(m.path("mountPath").asText()).isEqualTo("/etc/fanout/tls"));
  }

  @Test
  void tlsWithoutASecretIsRefusedByName() {
    assertThatThrownBy(() -> render(t -> t.set("temporal.tls.enabled", "true")))
        .hasMessageContaining("temporal.tls.existingSecret is required");
  }

  @Test
  void awsKeysBecomeASecretTheLambdaPoolReads() throws IOException {
    RenderedChart chart =
        render(
            t ->
                t.set("pools.lambda.enabled", "true")
                    .set("aws.accessKeyId", "AKIAEXAMPLE")
                    .set("aws.secretAccessKey", "secret"));

    JsonNode secret = chart.only("Secret", "fanout-aws");
    assertThat(secret.path("stringData").path("AWS_ACCESS_KEY_ID").asText())
        .isEqualTo("AKIAEXAMPLE");
    JsonNode lambda = container(chart.deployment("fanout-lambda"));
    assertThat(lambda.path("envFrom").findValuesAsText("name"))
        .containsExactly("fanout", "fanout-aws");
    assertThat(args(chart.deployment("fanout-lambda")))
        .contains("--queues=lambda", "--lambda-per-function=100", "--lambda-per-account=900");
    assertThat(lambda.path("resources").path("requests").path("cpu").asText()).isEqualTo("250m");
  }

  @Test
  void dockerPoolSharesHostPathsWithTheEngine() throws IOException {
    RenderedChart chart = render(t -> t.set("pools.docker.enabled", "true"));

    JsonNode pod = chart.deployment("fanout-docker").path("spec").path("template");
    JsonNode container = container(chart.deployment("fanout-docker"));
    // The engine bind-mounts work directories by host path: the same path inside the pod.
    assertThat(volume(pod, "home").path("hostPath").path("path").asText())
        .isEqualTo("/var/lib/fanout");
    assertThat(env(container, "FANOUT_HOME")).isEqualTo("/var/lib/fanout");
    assertThat(volume(pod, "docker-socket").path("hostPath").path("type").asText())
        .isEqualTo("Socket");
    assertThat(pod.path("spec").path("securityContext").path("supplementalGroups").get(0).asInt())
        .isEqualTo(999);
  }

  @Test
  void workersRunAsNonRootOnAReadOnlyRoot() throws IOException {
    for (JsonNode deployment : render(t -> t.set("pools.process.enabled", "true")).deployments()) {
      JsonNode pod = deployment.path("spec").path("template").path("spec");
      assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
      JsonNode security = container(deployment).path("securityContext");
      assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(volume(deployment.path("spec").path("template"), "tmp").has("emptyDir")).isTrue();
    }
  }

  @Test
  void autoscalingReplacesFixedReplicasWithAnAutoscaler() throws IOException {
    RenderedChart chart =
        render(
            t ->
                t.set("pools.java.autoscaling.enabled", "true")
                    .set("pools.java.autoscaling.maxReplicas", "20"));

    assertThat(chart.deployment("fanout-java").path("spec").has("replicas")).isFalse();
    JsonNode hpa = chart.only("HorizontalPodAutoscaler", "fanout-java");
    assertThat(hpa.path("spec").path("maxReplicas").asInt()).isEqualTo(20);
    assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText())
        .isEqualTo("fanout-java");
  }

  @Test
  void theApiServesWithTheTokenFileAndLimitsBehindAServiceAndIngress() throws IOException {
    RenderedChart chart =
        render(
            t ->
                t.set("api.enabled", "true")
                    .set("api.tokensSecret", "fanout-tokens")
                    .set("api.maxActiveJobs", "5")
                    .set("api.ingress.enabled", "true")
                    .set("api.ingress.host", "fanout.kbase.example")
                    .set("temporal.tls.enabled", "true")
                    .set("temporal.tls.existingSecret", "temporal-client"));

    JsonNode api = chart.deployment("fanout-api");
    assertThat(args(api))
        .containsExactly(
            "serve",
            "--bind=0.0.0.0",
            "--port=8080",
            "--tokens=/etc/fanout/api/tokens",
            "--max-active-jobs=5",
            "--max-running-sub-jobs=100");
    JsonNode pod = api.path("spec").path("template");
    assertThat(volume(pod, "tokens").path("secret").path("secretName").asText())
        .isEqualTo("fanout-tokens");
    assertThat(volume(pod, "temporal-tls").path("secret").path("secretName").asText())
        .isEqualTo("temporal-client");
    assertThat(container(api).path("volumeMounts").findValuesAsText("mountPath"))
        .contains("/var/lib/fanout", "/etc/fanout/api", "/etc/fanout/tls");
    JsonNode service = chart.only("Service", "fanout-api");
    assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText())
        .isEqualTo("http");
    JsonNode ingress = chart.only("Ingress", "fanout-api");
    assertThat(ingress.path("spec").path("rules").get(0).path("host").asText())
        .isEqualTo("fanout.kbase.example");
  }

  @Test
  void theApiCanAskAnAuthServiceInstead() throws IOException {
    JsonNode api =
        render(
                t ->
                    t.set("api.enabled", "true")
                        .set("api.authUrl", "https://kbase.us/services/auth/api/V2/token")
                        .set("api.admins[0]", "root"))
            .deployment("fanout-api");

    assertThat(args(api))
        .contains("--auth-url=https://kbase.us/services/auth/api/V2/token", "--admins=root")
        .noneMatch(a -> a.startsWith("--tokens"));
  }

  @Test
  void theApiNeedsExactlyOneWayToCheckTokens() {
    assertThatThrownBy(() -> render(t -> t.set("api.enabled", "true")))
        .hasMessageContaining("set exactly one of api.tokensSecret and api.authUrl");
  }

  @Test
  void shipsTheGrafanaDashboardForTheSidecar() throws IOException {
    JsonNode map = render(t -> t).only("ConfigMap", "fanout-dashboard");

    assertThat(map.path("metadata").path("labels").path("grafana_dashboard").asText())
        .isEqualTo("1");
    JsonNode dashboard = new ObjectMapper().readTree(map.path("data").path("fanout.json").asText());
    assertThat(dashboard.path("uid").asText()).isEqualTo("fanout-workers");
    assertThat(dashboard.path("panels").size()).isGreaterThan(5);
  }

  private static RenderedChart render(UnaryOperator<TemplateCommand> values) throws IOException {
    return RenderedChart.render(values);
  }
}
