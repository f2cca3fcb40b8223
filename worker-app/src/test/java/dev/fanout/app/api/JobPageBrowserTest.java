package dev.fanout.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.app.Handlers;
import dev.fanout.app.JobService;
import dev.fanout.app.TemporalSession;
import dev.fanout.app.TestWorkers;
import dev.fanout.app.temporal.EmbeddedTemporal;
import dev.fanout.blobs.FileBlobStore;
import dev.fanout.executor.java.JavaHandler;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import dev.fanout.logs.LogStore;
import dev.fanout.workflow.owner.OwnerLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The job page in a real browser (Debian's chromium, headless, driven through its chromium-driver)
 * against the API over an embedded Temporal with workers: signing in, a job followed to its end,
 * the sub-jobs table, a log growing while its sub-job runs, the timeline, redrive, scale and
 * cancel, another user's token, and the page framed as a notebook cell frames it. Screenshots of
 * the job page and its timeline go to target/screenshots/.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class JobPageBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String ALICE = "alice-token";
  private static final String BOB = "bob-token";
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path home;
  private static TemporalSession temporal;
  private static ApiServer api;
  private static WebDriver browser;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void serveAndOpenABrowser() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed (.ci/run installs them);"
            + " skipping the browser tests");
    temporal =
        TemporalSession.embedded(EmbeddedTemporal.inProcess(), "default")
            .serve(TestWorkers.java(home, handlers(), new SimpleMeterRegistry()));
    Path tokens = home.resolve("tokens");
    Files.writeString(tokens, ALICE + " alice\n" + BOB + " bob\n");
    api =
        new ApiServer(
                temporal.jobs(),
                new LogStore(home.resolve("logs")),
                new FileBlobStore(home.resolve("blobs")),
                TokenFile.read(tokens),
                new OwnerLimits(5, 50))
            .start("127.0.0.1", 0);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Without these, Chromium on a machine with no network hangs trying to reach its services.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + Files.createDirectories(home.resolve("chromium")),
        "--window-size=1300,1000");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build(),
            options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void close() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (api != null) {
      api.close();
      temporal.close();
    }
  }

  /**
   * {@code tick} logs a line every 100 ms, {@code ticks} times, then fails if {@code failFirst} on
   * its first attempt, or always if {@code failAlways}.
   */
  private static Map<String, JavaHandler> handlers() {
    Map<String, JavaHandler> handlers = new HashMap<>(Handlers.discover());
    handlers.put(
        "tick",
        (input, context) -> {
          int ticks = input.path("ticks").asInt();
          for (int i = 1; i <= ticks; i++) {
            context.log().info("tick {} of {}", i, ticks);
            Thread.sleep(100);
          }
          if (input.path("failAlways").asBoolean()
              || (input.path("failFirst").asBoolean() && context.attempt() == 1)) {
            throw new IllegalStateException(context.taskKey() + " failed its attempt");
          }
          return input;
        });
    return handlers;
  }

  /** Twelve sub-jobs at a window of 3: the first long, two retried once, one failing twice. */
  private static ObjectNode twelveSubJobs() {
    ObjectNode spec = spec("tick");
    ArrayNode listed = ((ObjectNode) spec.get("input")).putArray("subJobs");
    for (int i = 0; i < 12; i++) {
      ObjectNode params = listed.addObject().put("key", "sample-" + i).putObject("params");
      params.put("ticks", i == 0 ? 60 : 6);
      params.put("failFirst", i == 4 || i == 9);
      params.put("failAlways", i == 7);
    }
    spec.putObject("failurePolicy").put("toleratedFailures", 1);
    return spec;
  }

  private static ObjectNode spec(String task) {
    ObjectNode spec = Json.MAPPER.createObjectNode();
    spec.set("mapper", Json.MAPPER.valueToTree(FunctionRef.java(JobService.LISTED_SUB_JOBS)));
    spec.set("task", Json.MAPPER.valueToTree(FunctionRef.java(task)));
    spec.putObject("input");
    spec.put("maxParallel", 3);
    spec.putObject("retry").put("maxAttempts", 2).put("initialInterval", "PT0.2S");
    return spec;
  }

  @Test
  void aSignedInUserFollowsTheirJobToItsEndWithItsSubJobsLogsAndTimeline() throws Exception {
    String id = submit(ALICE, twelveSubJobs());

    signIn(ALICE);
    clickWhenThere(By.cssSelector("tr[data-job='" + id + "'] a"));
    await(d -> text("job-id").equals(id));

    // Rows are redrawn at every refresh: the first one found may be gone when clicked.
    clickWhenThere(By.cssSelector("#task-table tr[data-index='0']"));
    int seen = await(d -> lines() > 0 ? lines() : null);
    int grown = await(d -> lines() > seen ? lines() : null);
    assertThat(text("log-status")).as("still running when it grew").contains("following");
    assertThat(grown).isGreaterThan(seen);
    screenshot("job-page-running.png");

    await(d -> text("job-phase").equals("SUCCEEDED"), 60);
    JsonNode job = json("/jobs/" + id, ALICE);
    for (String state : List.of("SUCCEEDED", "FAILED", "RUNNING", "PENDING")) {
      assertThat(
              browser
                  .findElement(By.cssSelector("#job-counts li[data-count='" + state + "'] b"))
                  .getText())
          .as(state)
          .isEqualTo(job.path("counts").path(state.toLowerCase(Locale.ROOT)).asText());
    }
    assertThat(text("log-status")).contains("ended");
    assertThat(browser.findElement(By.id("log-lines")).getText()).contains("tick 60 of 60");

    new Select(browser.findElement(By.id("task-limit"))).selectByVisibleText("10");
    await(d -> rows().size() == 10 && text("task-range").equals("1–10 of 12"));
    browser.findElement(By.id("task-next")).click();
    await(d -> rows().size() == 2 && text("task-range").equals("11–12 of 12"));
    new Select(browser.findElement(By.id("task-state"))).selectByValue("FAILED");
    await(d -> rows().size() == 1 && text("task-range").equals("1–1 of 1"));
    assertThat(rows().get(0).getText()).contains("sample-7", "failed its attempt");
    new Select(browser.findElement(By.id("task-state"))).selectByValue("");
    new Select(browser.findElement(By.id("task-sort"))).selectByValue("duration");
    await(d -> rows().size() == 10 && rows().get(0).getAttribute("data-index").equals("0"));

    int attempts = 0;
    for (JsonNode task : json("/jobs/" + id + "/tasks", ALICE).path("tasks")) {
      attempts += task.path("attempts").asInt();
    }
    assertThat(attempts).as("12 sub-jobs, 2 retried once, 1 twice in all").isEqualTo(15);
    Map<String, Long> bars = bars();
    assertThat(bars).containsEntry("succeeded", 11L).containsEntry("failed", 4L).hasSize(2);
    assertThat(bars.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(attempts);

    browser.manage().window().setSize(new Dimension(1300, 2300));
    screenshot("job-page.png");
    Files.write(
        SCREENSHOTS.resolve("timeline.png"),
        browser.findElement(By.id("timeline-section")).getScreenshotAs(OutputType.BYTES));
    browser.manage().window().setSize(new Dimension(1300, 1000));

    browser.findElement(By.id("redrive")).click();
    await(d -> !text("job-id").equals(id) && !text("job-id").isEmpty());
    String redrive = text("job-id");
    await(d -> text("job-facts").contains("Redrive of\n" + id));
    assertThat(json("/jobs/" + redrive, ALICE).path("redriveOf").asText()).isEqualTo(id);
  }

  @Test
  void scaleAndCancelARunningJobFromItsPage() throws Exception {
    ObjectNode spec = spec("sleep");
    ArrayNode listed = ((ObjectNode) spec.get("input")).putArray("subJobs");
    for (int i = 0; i < 3; i++) {
      listed.addObject().put("key", "nap-" + i).putObject("params").put("millis", 60_000);
    }
    String id = submit(ALICE, spec);

    browser.get(page("#/jobs/" + id + "?token=" + ALICE));
    await(d -> text("job-phase").equals("RUNNING"));
    WebElement window = browser.findElement(By.id("scale-window"));
    window.clear();
    window.sendKeys("2");
    browser.findElement(By.cssSelector("#scale-form button")).click();
    await(d -> text("action-message").equals("The window is now 2."));
    assertThat(json("/jobs/" + id, ALICE).path("maxParallel").asInt()).isEqualTo(2);
    await(d -> text("job-facts").contains("2 at once (changed"));

    WebElement cancel = browser.findElement(By.id("cancel"));
    cancel.click();
    await(d -> cancel.getText().startsWith("Really cancel"));
    cancel.click();

    await(d -> text("job-phase").equals("CANCELLED"), 60);
    assertThat(json("/jobs/" + id, ALICE).path("phase").asText()).isEqualTo("CANCELLED");
    assertThat(cancel.isDisplayed()).as("nothing left to cancel").isFalse();
  }

  @Test
  void anotherUsersTokenSeesNoneOfTheirJobs() throws Exception {
    ObjectNode spec = spec("noop");
    ((ObjectNode) spec.get("input")).putArray("subJobs").addObject().put("key", "only");
    String id = submit(ALICE, spec);

    signIn(BOB);
    await(d -> text("user").equals("bob"));
    await(d -> d.findElement(By.id("jobs-empty")).isDisplayed());
    assertThat(browser.findElements(By.cssSelector("tr[data-job='" + id + "']"))).isEmpty();

    browser.get(page("#/jobs/" + id));
    await(d -> text("error").equals("no job '" + id + "'"));
    assertThat(browser.findElement(By.id("job")).isDisplayed()).isFalse();
  }

  @Test
  void oneJobsPageFramedWithItsTokenAsANotebookCellShowsIt() throws Exception {
    ObjectNode spec = spec("noop");
    ((ObjectNode) spec.get("input")).putArray("subJobs").addObject().put("key", "framed");
    String id = submit(ALICE, spec);
    Path host = home.resolve("notebook.html");
    Files.writeString(
        host,
        "<!doctype html><title>notebook</title><iframe width=1000 height=700 src=\""
            + page("#/jobs/" + id + "?token=" + ALICE + "&embed=1")
            + "\"></iframe>");

    browser.get(host.toUri().toString());
    browser.switchTo().frame(0);
    try {
      await(d -> text("job-phase").equals("SUCCEEDED"), 30);
      assertThat(browser.findElement(By.tagName("header")).isDisplayed())
          .as("framed: the job alone")
          .isFalse();
      assertThat((String) script("return location.hash"))
          .as("the token is kept in the frame's storage, not its address")
          .isEqualTo("#/jobs/" + id + "?embed=1");
    } finally {
      browser.switchTo().defaultContent();
    }
  }

  /** Opens the page afresh, signs out whoever is signed in in this tab, and signs in. */
  private static void signIn(String token) {
    browser.get("about:blank");
    browser.get(page("#/"));
    WebElement signOut = browser.findElement(By.id("sign-out"));
    WebElement field = browser.findElement(By.id("token"));
    await(d -> signOut.isDisplayed() || field.isDisplayed());
    if (signOut.isDisplayed()) {
      signOut.click();
    }
    await(d -> field.isDisplayed());
    field.sendKeys(token);
    browser.findElement(By.cssSelector("#sign-in-form button")).click();
    await(d -> d.findElement(By.id("jobs")).isDisplayed());
  }

  /** Bars drawn in the timeline chart, by outcome, as Chart.js laid them out. */
  @SuppressWarnings("unchecked")
  private static Map<String, Long> bars() {
    return (Map<String, Long>)
        script(
            "const chart = Chart.getChart(document.getElementById('timeline'));"
                + " const drawn = {};"
                + " chart.data.datasets.forEach((d, i) =>"
                + "   drawn[d.label] = chart.getDatasetMeta(i).data.length);"
                + " return drawn;");
  }

  private static void clickWhenThere(By what) {
    await(
        d -> {
          d.findElement(what).click();
          return true;
        });
  }

  private static List<WebElement> rows() {
    return browser.findElements(By.cssSelector("#task-table tbody tr"));
  }

  private static int lines() {
    String lines = browser.findElement(By.id("log-lines")).getAttribute("data-lines");
    return lines == null ? 0 : Integer.parseInt(lines);
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static Object script(String js) {
    return ((JavascriptExecutor) browser).executeScript(js);
  }

  private static void screenshot(String name) throws Exception {
    Files.write(
        SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static <T> T await(Function<WebDriver, T> condition) {
    return await(condition, 20);
  }

  private static <T> T await(Function<WebDriver, T> condition, int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds))
        .pollingEvery(Duration.ofMillis(100))
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              T value = condition.apply(d);
              return value instanceof Boolean b && !b ? null : value;
            });
  }

  private static String page(String fragment) {
    return "http://127.0.0.1:" + api.port() + "/" + fragment;
  }

  private static String submit(String token, ObjectNode spec) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(page("jobs")))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(spec.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return Json.MAPPER.readTree(response.body()).path("jobId").asText();
  }

  private static JsonNode json(String path, String token) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(page(path.substring(1))))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }
}
