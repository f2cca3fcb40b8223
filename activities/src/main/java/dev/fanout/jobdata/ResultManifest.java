package dev.fanout.jobdata;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import dev.fanout.blobs.BlobStore;
import dev.fanout.job.Json;
import dev.fanout.job.SubJobResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A job's results manifest: JSONL, one {@link SubJobResult} per line in index order, large outputs
 * by reference. Each page writes its part; the job joins them into one file the user can fetch and
 * the reducer reads as a stream.
 */
public final class ResultManifest {

  private ResultManifest() {}

  static void writePage(BlobStore blobs, String jobId, int page, List<SubJobResult> results)
      throws IOException {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    try (SequenceWriter writer =
        Json.MAPPER.writer().withRootValueSeparator("\n").writeValues(lines)) {
      writer.writeAll(results);
    }
    if (!results.isEmpty()) {
      lines.write('\n');
    }
    blobs.put(JobKeys.resultPage(jobId, page), lines.toByteArray());
  }

  /** Joins the pages' parts, in order, through a local file, so no part is held in memory. */
  static URI join(BlobStore blobs, String jobId, int pages) throws IOException {
    Path joined = Files.createTempFile("fanout-manifest-", ".jsonl");
    try {
      try (OutputStream out = Files.newOutputStream(joined)) {
        for (int page = 0; page < pages; page++) {
          try (InputStream in = blobs.open(blobs.uri(JobKeys.resultPage(jobId, page)))) {
            in.transferTo(out);
          } catch (NoSuchFileException e) {
            // A page stopped before it could write (the job failed at once): nothing of it ran.
          }
        }
      }
      return blobs.put(JobKeys.manifest(jobId), joined);
    } finally {
      Files.deleteIfExists(joined);
    }
  }

  /**
   * The results at {@code uri}, read one line at a time, with each large output fetched from the
   * store as its line is reached. Close it to release the stream when stopping early.
   */
  public static Results read(BlobStore blobs, String uri) {
    return new Results(blobs, URI.create(uri), true);
  }

  /**
   * The results at {@code uri} as stored, large outputs left as their {@code outputRef}: for what
   * needs the sub-jobs' states and times rather than their outputs.
   */
  public static Results readAsStored(BlobStore blobs, URI uri) {
    return new Results(blobs, uri, false);
  }

  /** Where the manifest of {@code jobId} is, once the job has written it. */
  public static URI uri(BlobStore blobs, String jobId) {
    return blobs.uri(JobKeys.manifest(jobId));
  }

  /** The manifest's results as an {@link Iterable} that streams; see {@link #read}. */
  public static final class Results implements Iterable<SubJobResult>, AutoCloseable {
    private final BlobStore blobs;
    private final URI uri;
    private final boolean fetchOutputs;
    private final List<InputStream> open = new ArrayList<>();

    private Results(BlobStore blobs, URI uri, boolean fetchOutputs) {
      this.blobs = blobs;
      this.uri = uri;
      this.fetchOutputs = fetchOutputs;
    }

    @Override
    public Iterator<SubJobResult> iterator() {
      try {
        InputStream in = blobs.open(uri);
        open.add(in);
        MappingIterator<SubJobResult> lines =
            Json.MAPPER.readerFor(SubJobResult.class).readValues(in);
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return lines.hasNext();
          }

          @Override
          public SubJobResult next() {
            return withOutput(lines.next());
          }
        };
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the results manifest " + uri, e);
      }
    }

    private SubJobResult withOutput(SubJobResult r) {
      if (r.outputRef() == null || !fetchOutputs) {
        return r;
      }
      try (InputStream in = blobs.open(URI.create(r.outputRef()))) {
        return r.withOutput(Json.MAPPER.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the output of sub-job " + r.index(), e);
      }
    }

    @Override
    public void close() throws IOException {
      for (InputStream in : open) {
        in.close();
      }
    }
  }
}
