package dev.fanout.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.app.FanoutCommand;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * {@code fanout plot} on a recorded job: 12 process sub-jobs at a window of 3, two failing their
 * first attempt and one failing both (tolerated), its manifest and logs as the workers wrote them
 * (src/test/resources/recorded-job).
 */
class PlotCommandTest {

  private static final String JOB = "demo-dabd33dd";

  @TempDir Path home;

  @BeforeEach
  void recordedJob() throws IOException, URISyntaxException {
    Path recorded = Path.of(PlotCommandTest.class.getResource("/recorded-job").toURI());
    try (Stream<Path> files = Files.walk(recorded)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = home.resolve(recorded.relativize(file).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
      }
    }
  }

  private record Outcome(int code, String out, String err) {}

  private Outcome plot(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = FanoutCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> line = new ArrayList<>(List.of("plot"));
    line.addAll(List.of(args));
    line.add("--home=" + home);
    return new Outcome(cli.execute(line.toArray(String[]::new)), out.toString(), err.toString());
  }

  @Test
  void anSvgWithARectanglePerAttemptColouredByOutcome() throws Exception {
    Path svg = home.resolve("timeline.svg");

    Outcome outcome = plot(JOB, "--out", svg.toString());

    assertThat(outcome.code()).as(outcome.err()).isZero();
    assertThat(outcome.out())
        .contains("15 attempts of 12 sub-jobs on 3 slots", "wrote " + svg)
        .as("no more slots than the window");
    DocumentBuilderFactory parser = DocumentBuilderFactory.newInstance();
    // Batik names SVG 1.0's DTD on the web; the parser need not fetch it.
    parser.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document document = parser.newDocumentBuilder().parse(svg.toFile());
    assertThat(filled(document, "fill:rgb(214,69,65)"))
        .as("4 failed attempts (3 first ones, 1 retry) and the legend's 2 swatches")
        .isEqualTo(4 + 2);
    assertThat(filled(document, "stroke:rgb(31,35,40)"))
        .as("the 3 retries outlined, 4 edges each")
        .isGreaterThanOrEqualTo(3 * 4);
    // XChart draws its text as outlines, so the SVG looks the same wherever it is opened.
    assertThat(document.getDocumentElement().getAttribute("width")).isEqualTo("1200");
    assertThat(document.getDocumentElement().getAttribute("height")).isEqualTo("820");
  }

  @Test
  void aPngOfBothCharts() throws Exception {
    Path png = home.resolve("timeline.png");

    assertThat(plot(JOB, "--out", png.toString()).code()).isZero();

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(820);
    assertThat(pixels(image, 0xd64541)).as("failed attempts drawn in red").isGreaterThan(1000);
  }

  @Test
  void aJobWithoutAManifestOrAnOutputOfNoKnownKindIsRefusedByName() {
    Outcome missing = plot("no-such-job", "--out", home.resolve("x.svg").toString());
    assertThat(missing.code()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(missing.err()).contains("no results manifest for job 'no-such-job'");

    Outcome gif = plot(JOB, "--out", home.resolve("x.gif").toString());
    assertThat(gif.code()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(gif.err()).contains("--out: expected a file name ending in .svg or .png");
  }

  /** Shapes filled with {@code fill}, which Batik writes into each shape's style. */
  private static int filled(Document document, String fill) {
    NodeList shapes = document.getElementsByTagName("*");
    int count = 0;
    for (int i = 0; i < shapes.getLength(); i++) {
      count += ((Element) shapes.item(i)).getAttribute("style").contains(fill) ? 1 : 0;
    }
    return count;
  }

  private static int pixels(BufferedImage image, int rgb) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        count += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
      }
    }
    return count;
  }
}
