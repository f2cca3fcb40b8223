package dev.fanout.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.job.CacheSpec;
import dev.fanout.job.FunctionRef;
import dev.fanout.job.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheKeysTest {

  private static final FunctionRef TASK = FunctionRef.java("square");

  @TempDir Path dir;

  private static String key(String params) throws Exception {
    return CacheKeys.of(
        "ann", TASK, "java:square@1", CacheSpec.DEFAULT, Json.MAPPER.readTree(params));
  }

  @Test
  void fieldOrderDoesNotChangeAKeyAndAValueDoes() throws Exception {
    assertThat(key("{\"a\": 1, \"b\": [2, {\"c\": 3, \"d\": 4}]}"))
        .isEqualTo(key("{\"b\": [2, {\"d\": 4, \"c\": 3}], \"a\": 1}"))
        .isNotEqualTo(key("{\"a\": 1, \"b\": [2, {\"c\": 3, \"d\": 5}]}"))
        .startsWith("cache/ann/")
        .matches(CacheKeys::valid);
  }

  @Test
  void aSubJobWithoutParamsHasAKey() throws Exception {
    String key = CacheKeys.of("ann", TASK, "java:square@1", CacheSpec.DEFAULT, null);

    assertThat(CacheKeys.valid(key)).isTrue();
  }

  @Test
  void aFileParamCountsByItsTimeWhenLenientAndByItsContentWhenDeep() throws Exception {
    Path file = Files.writeString(dir.resolve("reads.fa"), ">r1\nACGT\n");
    var params = Json.MAPPER.createObjectNode().put("reads", file.toString());
    CacheSpec deep = new CacheSpec(CacheSpec.DEEP, null);
    String lenientBefore = CacheKeys.of("ann", TASK, "id", CacheSpec.DEFAULT, params);
    String deepBefore = CacheKeys.of("ann", TASK, "id", deep, params);

    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));

    assertThat(CacheKeys.of("ann", TASK, "id", CacheSpec.DEFAULT, params))
        .isNotEqualTo(lenientBefore);
    assertThat(CacheKeys.of("ann", TASK, "id", deep, params)).isEqualTo(deepBefore);
  }

  /**
   * A named input file this worker cannot see may be on an executor's host, where it can change
   * unseen: the sub-job gets no key (it runs every time) rather than one that would never change.
   */
  @Test
  void aNamedInputFileThatIsNotThereLeavesNoKey() throws Exception {
    CacheSpec named = new CacheSpec(CacheSpec.LENIENT, java.util.List.of("reads"));
    var params =
        Json.MAPPER.createObjectNode().put("reads", dir.resolve("on-another-host.fa").toString());

    assertThat(CacheKeys.of("ann", TASK, "id", named, params)).isNull();
    assertThat(CacheKeys.of("ann", TASK, "id", CacheSpec.DEFAULT, params))
        .as("unnamed, it is only a string")
        .matches(CacheKeys::valid);
  }
}
