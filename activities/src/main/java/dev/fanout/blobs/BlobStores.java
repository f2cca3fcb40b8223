package dev.fanout.blobs;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Opens the blob store a location names: {@code s3://bucket/prefix}, or a directory. */
public final class BlobStores {

  private BlobStores() {}

  /**
   * @param location {@code s3://bucket/prefix} or a directory path
   * @param s3Endpoint an S3-compatible endpoint (path-style), or null for AWS itself; region and
   *     credentials come from the default AWS chain
   */
  public static BlobStore open(String location, String s3Endpoint) {
    if (!location.startsWith("s3://")) {
      return new FileBlobStore(Path.of(location));
    }
    URI uri = URI.create(location);
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(DefaultCredentialsProvider.builder().build());
    if (s3Endpoint != null) {
      builder
          .endpointOverride(URI.create(s3Endpoint))
          .forcePathStyle(true)
          .region(Region.US_EAST_1);
    }
    String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    return new S3BlobStore(builder.build(), uri.getHost(), prefix);
  }
}
