package dev.fanout.app.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The job page at {@code /}: static files from the jar ({@code web/}) and the charting library as a
 * WebJar ({@code /webjars/}), nothing from a CDN, since clusters are often offline. The files need
 * no token; the page asks for one and sends it to the API as every client does.
 */
final class WebPage {

  private WebPage() {}

  /**
   * The page runs only its own scripts, so a job's keys, params or logs cannot inject one; it may
   * be framed by any site, as a Narrative cell frames it.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'";

  static void serve(JavalinConfig config) {
    Map<String, String> headers =
        Map.of("Content-Security-Policy", CONTENT_SECURITY_POLICY, "Cache-Control", "no-cache");
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = "/web";
          files.location = Location.CLASSPATH;
          files.headers = headers;
        });
    config.staticFiles.enableWebjars();
  }
}
