package dev.fanout.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Blobs as objects in an S3 bucket (or an S3-compatible store), under a key prefix. */
public final class S3BlobStore implements BlobStore {

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  /**
   * @param prefix prepended to every key, such as {@code fanout/}; may be empty
   */
  public S3BlobStore(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  @Override
  public URI put(String key, byte[] bytes) throws IOException {
    return write(key, RequestBody.fromBytes(bytes));
  }

  @Override
  public URI put(String key, Path file) throws IOException {
    return write(key, RequestBody.fromFile(file));
  }

  @Override
  public URI uri(String key) {
    return URI.create("s3://" + bucket + "/" + prefix + key);
  }

  private URI write(String key, RequestBody body) throws IOException {
    String objectKey = prefix + key;
    try {
      s3.putObject(b -> b.bucket(bucket).key(objectKey), body);
    } catch (SdkException e) {
      throw new IOException(
          "cannot write s3://" + bucket + "/" + objectKey + ": " + e.getMessage(), e);
    }
    return uri(key);
  }

  @Override
  public InputStream open(URI uri) throws IOException {
    if (!owns(uri)) {
      throw new IOException(uri + " is not in s3://" + bucket + "/" + prefix);
    }
    try {
      return s3.getObject(b -> b.bucket(bucket).key(uri.getPath().substring(1)));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(uri.toString());
    } catch (SdkException e) {
      throw new IOException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> keys(String keyPrefix) throws IOException {
    try {
      List<String> keys = new ArrayList<>();
      for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix))) {
        page.contents().forEach(o -> keys.add(o.key().substring(prefix.length())));
      }
      return keys;
    } catch (SdkException e) {
      throw new IOException(
          "cannot list s3://" + bucket + "/" + prefix + keyPrefix + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int deleteAll(String keyPrefix) throws IOException {
    int deleted = 0;
    try {
      for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix))) {
        List<ObjectIdentifier> keys =
            page.contents().stream()
                .map(S3Object::key)
                .map(k -> ObjectIdentifier.builder().key(k).build())
                .toList();
        if (!keys.isEmpty()) {
          s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(keys).build()));
          deleted += keys.size();
        }
      }
    } catch (SdkException e) {
      throw new IOException(
          "cannot clean s3://" + bucket + "/" + prefix + keyPrefix + ": " + e.getMessage(), e);
    }
    return deleted;
  }

  @Override
  public boolean owns(URI uri) {
    return "s3".equals(uri.getScheme())
        && bucket.equals(uri.getHost())
        && uri.getPath().startsWith("/" + prefix);
  }
}
