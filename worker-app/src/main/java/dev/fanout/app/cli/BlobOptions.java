package dev.fanout.app.cli;

import dev.fanout.blobs.BlobStore;
import dev.fanout.blobs.BlobStores;
import picocli.CommandLine.Option;

/** Where the workers' blob store is: what is too big for Temporal goes there. */
public class BlobOptions {

  @Option(
      names = "--blobs",
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      defaultValue = "${env:FANOUT_BLOBS}",
      description =
          "Where payloads and outputs too big for Temporal go (env FANOUT_BLOBS). Default: the"
              + " blobs folder of --home.")
  String blobs;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      defaultValue = "${env:FANOUT_S3_ENDPOINT}",
      description = "An S3-compatible endpoint for s3:// blobs (default: AWS).")
  String s3Endpoint;

  BlobStore open(GlobalOptions global) {
    return BlobStores.open(
        blobs != null ? blobs : global.home.resolve("blobs").toString(), s3Endpoint);
  }
}
