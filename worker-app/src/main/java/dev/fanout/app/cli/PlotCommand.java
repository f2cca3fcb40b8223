package dev.fanout.app.cli;

import dev.fanout.app.timeline.Timeline;
import dev.fanout.app.timeline.TimelineChart;
import dev.fanout.blobs.BlobStore;
import dev.fanout.jobdata.ResultManifest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "plot",
    description =
        "Draw an ended job's timeline (a bar per sub-job attempt, on the slot it ran in, coloured"
            + " by outcome) over a histogram of the attempts' durations, from its results manifest"
            + " (--blobs) and its sub-jobs' logs (--home), as SVG or PNG.")
public class PlotCommand extends BaseCommand {

  @Parameters(paramLabel = "JOB")
  String jobId;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.svg|FILE.png",
      description = "Where to write the charts; the format follows the name.")
  Path out;

  @Mixin BlobOptions blobOptions;

  @Override
  protected int doCall() throws IOException {
    BlobStore blobs = blobOptions.open(global);
    URI manifest = ResultManifest.uri(blobs, jobId);
    try (InputStream probe = blobs.open(manifest)) {
      // There: read below as a stream.
    } catch (NoSuchFileException e) {
      throw new UserInputException(
          "no results manifest for job '"
              + jobId
              + "' at "
              + manifest
              + ": a job writes it when it ends (or check --blobs and --home)");
    }
    Timeline timeline;
    try (ResultManifest.Results results = ResultManifest.readAsStored(blobs, manifest)) {
      timeline =
          Timeline.of(
              results,
              0,
              Integer.MAX_VALUE,
              Timeline.attemptsIn(global.logStore(), jobId),
              Instant.now());
    }
    try {
      TimelineChart.write(timeline, jobId, out);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--out: " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw new UserInputException("--out: no such directory for " + out);
    }
    out()
        .println(
            "wrote "
                + out
                + ": "
                + timeline.bars().size()
                + " attempts of "
                + timeline.subJobs()
                + " sub-jobs on "
                + timeline.lanes()
                + " slots");
    return EXIT_OK;
  }
}
