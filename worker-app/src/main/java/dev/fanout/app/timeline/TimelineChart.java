package dev.fanout.app.timeline;

import dev.fanout.app.timeline.Timeline.Bar;
import dev.fanout.logs.AttemptLines.Outcome;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.batik.svggen.SVGGraphics2D;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.w3c.dom.Document;

/**
 * A {@link Timeline} drawn by XChart, the attempts over the histogram of their durations, into an
 * SVG (XChart paints on Batik's SVG Graphics2D) or a PNG file. The colours are the job page's.
 */
public final class TimelineChart {

  private TimelineChart() {}

  static final int WIDTH = 1200;
  static final int TIMELINE_HEIGHT = 520;
  static final int HISTOGRAM_HEIGHT = 300;

  /** The outcomes' colours, as the job page has them (web/app.js). */
  static final Map<Outcome, Color> COLOURS = new EnumMap<>(Outcome.class);

  static {
    COLOURS.put(Outcome.SUCCEEDED, new Color(0x2e9d5b));
    COLOURS.put(Outcome.FAILED, new Color(0xd64541));
    COLOURS.put(Outcome.STOPPED, new Color(0x8a9099));
    COLOURS.put(Outcome.LOST, new Color(0xe8a33d));
    COLOURS.put(Outcome.RUNNING, new Color(0x3b7ddd));
  }

  private static final Color RETRY_OUTLINE = new Color(0x1f2328);

  /** Half a bar's height, in lanes. */
  private static final double HALF_BAR = 0.38;

  /**
   * Writes the charts to {@code out}, SVG or PNG by its name's ending.
   *
   * @throws IllegalArgumentException when the name ends in neither
   */
  public static void write(Timeline timeline, String title, Path out) throws IOException {
    String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
    int height = TIMELINE_HEIGHT + HISTOGRAM_HEIGHT;
    if (name.endsWith(".svg")) {
      SVGGraphics2D svg = new SVGGraphics2D(newDocument());
      svg.setSVGCanvasSize(new Dimension(WIDTH, height));
      draw(svg, timeline, title);
      try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        svg.stream(writer, true);
      }
    } else if (name.endsWith(".png")) {
      BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      draw(g, timeline, title);
      g.dispose();
      ImageIO.write(image, "png", out.toFile());
    } else {
      throw new IllegalArgumentException("expected a file name ending in .svg or .png, was " + out);
    }
  }

  private static void draw(Graphics2D g, Timeline timeline, String title) {
    attempts(timeline, title).paint(g, WIDTH, TIMELINE_HEIGHT);
    g.translate(0, TIMELINE_HEIGHT);
    histogram(timeline).paint(g, WIDTH, HISTOGRAM_HEIGHT);
  }

  /** Every attempt a rectangle on its lane: a series per outcome, first attempts and retries. */
  static XYChart attempts(Timeline timeline, String title) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(TIMELINE_HEIGHT)
            .title(title)
            .xAxisTitle("seconds since the first attempt started")
            .yAxisTitle(timeline.lanes() + " slots")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
    chart.getStyler().setPlotGridHorizontalLinesVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisMin(-0.5);
    chart.getStyler().setYAxisMax(Math.max(1, timeline.lanes()) - 0.5);
    chart.getStyler().setXAxisMin(0.0);
    // Slots are anonymous (which slot ran what is not recorded): one row each, unnumbered.
    chart.getStyler().setYAxisTicksVisible(false);
    for (Outcome outcome : Outcome.values()) {
      for (boolean retries : new boolean[] {false, true}) {
        List<Bar> bars =
            timeline.bars().stream()
                .filter(b -> b.outcome() == outcome && (b.attempt() > 1) == retries)
                .toList();
        if (!bars.isEmpty()) {
          addBars(chart, outcome, retries, bars);
        }
      }
    }
    return chart;
  }

  /** The bars as one series of rectangles, NaN between them; retries outlined, as on the page. */
  private static void addBars(XYChart chart, Outcome outcome, boolean retries, List<Bar> bars) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (Bar bar : bars) {
      double low = bar.lane() - HALF_BAR;
      double high = bar.lane() + HALF_BAR;
      // Back to the first corner, so the outline is closed too.
      double[][] corners = {
        {bar.start(), low},
        {bar.end(), low},
        {bar.end(), high},
        {bar.start(), high},
        {bar.start(), low}
      };
      for (double[] corner : corners) {
        x.add(corner[0]);
        y.add(corner[1]);
      }
      x.add(bar.start());
      y.add(Double.NaN);
    }
    String name = outcome.name().toLowerCase(Locale.ROOT) + (retries ? ", retry" : "");
    XYSeries series = chart.addSeries(name + " (" + bars.size() + ")", x, y);
    Color colour = COLOURS.get(outcome);
    series.setFillColor(colour);
    series.setLineColor(retries ? RETRY_OUTLINE : colour);
    series.setLineStyle(new BasicStroke(retries ? 2f : 0.5f));
    series.setMarker(SeriesMarkers.NONE);
  }

  /** Ended attempts by duration. */
  static CategoryChart histogram(Timeline timeline) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HISTOGRAM_HEIGHT)
            .title("Attempt durations")
            .xAxisTitle("seconds (bin start)")
            .yAxisTitle("attempts")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setSeriesColors(new Color[] {COLOURS.get(Outcome.SUCCEEDED)});
    Timeline.Histogram histogram = timeline.histogram();
    List<String> bins = new ArrayList<>();
    for (int i = 0; i < histogram.counts().size(); i++) {
      bins.add(String.format(Locale.ROOT, "%.3g", i * histogram.binSeconds()));
    }
    if (bins.isEmpty()) {
      bins.add("0");
    }
    chart.addSeries(
        "attempts", bins, histogram.counts().isEmpty() ? List.of(0) : histogram.counts());
    return chart;
  }

  private static Document newDocument() {
    try {
      return DocumentBuilderFactory.newInstance()
          .newDocumentBuilder()
          .getDOMImplementation()
          .createDocument("http://www.w3.org/2000/svg", "svg", null);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML document builder in this JVM", e);
    }
  }
}
