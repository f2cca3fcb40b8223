package dev.fanout.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The same contract for both stores: a directory, and S3 as S3Proxy serves it on loopback. */
class BlobStoreTest {

  @TempDir static Path dir;
  private static S3Proxy s3proxy;
  private static S3Client s3;

  @BeforeAll
  static void startS3() throws Exception {
    var backing = BlobStores.create("transient", new Properties());
    backing.createContainer("fanout-test");
    s3proxy =
        S3Proxy.builder()
            .blobStore(backing)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
            .build();
    s3proxy.start();
    while (!s3proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(URI.create("http://127.0.0.1:" + s3proxy.getPort()))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
            .build();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
    s3proxy.stop();
  }

  static Stream<BlobStore> stores() {
    return Stream.of(
        new FileBlobStore(dir.resolve("blobs")), new S3BlobStore(s3, "fanout-test", "jobs"));
  }

  private static String read(BlobStore store, URI uri) throws IOException {
    try (InputStream in = store.open(uri)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void roundTripsAndCleansAJobsBlobs(BlobStore store) throws Exception {
    URI a =
        store.put(
            "job-1/outputs/task-000001.json", "{\"gc\": 0.41}".getBytes(StandardCharsets.UTF_8));
    URI b = store.put("job-1/payloads/task-000002.json", new byte[3 * 1024 * 1024]);
    URI other = store.put("job-2/outputs/task-000001.json", "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(store.owns(a)).isTrue();
    assertThat(read(store, a)).isEqualTo("{\"gc\": 0.41}");
    try (InputStream in = store.open(b)) {
      assertThat(in.readAllBytes()).hasSize(3 * 1024 * 1024);
    }
    assertThat(store.deleteAll("job-1")).isEqualTo(2);

    assertThatThrownBy(() -> read(store, a)).isInstanceOf(IOException.class);
    assertThat(read(store, other)).isEqualTo("{}");
  }

  @ParameterizedTest
  @MethodSource("stores")
  void listsTheKeysUnderAPrefix(BlobStore store) throws Exception {
    store.put("cache/ann/a1.json", "{}".getBytes(StandardCharsets.UTF_8));
    store.put("cache/bo/b2.json", "{}".getBytes(StandardCharsets.UTF_8));
    store.put("cached-elsewhere/c.json", "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(store.keys("cache/"))
        .containsExactlyInAnyOrder("cache/ann/a1.json", "cache/bo/b2.json");
    assertThat(store.keys("cache/ann/a1.json")).containsExactly("cache/ann/a1.json");
    assertThat(store.keys("nothing/")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void aSecondWriteReplacesTheFirst(BlobStore store) throws Exception {
    store.put("job-3/x", "first".getBytes(StandardCharsets.UTF_8));
    URI uri = store.put("job-3/x", "second".getBytes(StandardCharsets.UTF_8));

    assertThat(read(store, uri)).isEqualTo("second");
  }

  @ParameterizedTest
  @MethodSource("stores")
  void refusesUrisItDoesNotOwn(BlobStore store) {
    URI foreign = URI.create("s3://someone-else/secrets.json");

    assertThat(store.owns(foreign)).isFalse();
    assertThatThrownBy(() -> store.open(foreign)).isInstanceOf(IOException.class);
    assertThat(store.owns(URI.create("file:///etc/passwd"))).isFalse();
  }

  @ParameterizedTest
  @MethodSource("stores")
  void storesAFileWhereItsUriSaysAndAMissingBlobIsNoSuchFile(BlobStore store) throws Exception {
    Path file = dir.resolve("manifest.jsonl");
    Files.writeString(file, "{\"index\":0}\n");

    URI uri = store.put("job-4/results.jsonl", file);

    assertThat(uri).isEqualTo(store.uri("job-4/results.jsonl"));
    assertThat(read(store, uri)).isEqualTo("{\"index\":0}\n");
    assertThatThrownBy(() -> read(store, store.uri("job-4/nothing.json")))
        .isInstanceOf(NoSuchFileException.class);
  }

  /**
   * A crashed process leaves partial files behind, and a later one may get its pid: a write whose
   * partial name is taken tries the next, and never touches what was left.
   */
  @org.junit.jupiter.api.Test
  void aFileWriteSkipsPartialNamesLeftBehind(@TempDir Path root) throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    Path job = Files.createDirectories(root.resolve("job-5"));
    String pid = String.valueOf(ProcessHandle.current().pid());
    for (int i = 1; i <= 2000; i++) {
      Files.writeString(job.resolve(".part-" + pid + "-" + i), "left");
    }

    URI bytes = store.put("job-5/a", "one".getBytes(StandardCharsets.UTF_8));
    Path file = Files.writeString(root.resolve("source"), "two");
    URI copied = store.put("job-5/b", file);

    assertThat(read(store, bytes)).isEqualTo("one");
    assertThat(read(store, copied)).isEqualTo("two");
    assertThat(store.keys("job-5")).containsExactlyInAnyOrder("job-5/a", "job-5/b");
    try (Stream<Path> files = Files.list(job)) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith(".part-")))
          .as("the partials left behind, all still there and none added")
          .hasSize(2000)
          .allSatisfy(f -> assertThat(Files.readString(f)).isEqualTo("left"));
    }
  }
}
