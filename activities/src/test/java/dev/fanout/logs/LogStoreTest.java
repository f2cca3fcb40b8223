package dev.fanout.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {

  @TempDir Path root;

  @Test
  void linesAreReadableWhileTheLogIsOpen() throws Exception {
    LogStore store = new LogStore(root);
    try (TaskLog log = store.open("job-1", "task-000002")) {
      log.line("first");
      log.line("second");

      assertThat(store.read("job-1", "task-000002", 0, 10))
          .hasSize(2)
          .satisfies(lines -> assertThat(lines.get(1)).endsWith(" second"));
      assertThat(store.read("job-1", "task-000002", 1, 10))
          .singleElement()
          .satisfies(l -> assertThat(l).endsWith(" second"));
    }
    assertThat(store.names("job-1")).containsExactly("task-000002");
    assertThat(store.ref("job-1", "task-000002")).isEqualTo("job-1/task-000002.log");
  }

  @Test
  void aRetryAppendsToTheSameLog() throws Exception {
    LogStore store = new LogStore(root);
    for (int attempt = 1; attempt <= 2; attempt++) {
      try (TaskLog log = store.open("j", "mapper")) {
        log.line("attempt " + attempt);
      }
    }
    assertThat(store.tail("j", "mapper", 1))
        .singleElement()
        .satisfies(l -> assertThat(l).endsWith("attempt 2"));
    assertThat(store.read("j", "mapper", 0, 10)).hasSize(2);
  }

  @Test
  void jobIdsCannotEscapeTheRoot() throws Exception {
    LogStore store = new LogStore(root.resolve("logs"));
    try (TaskLog log = store.open("../../etc", "../passwd")) {
      log.line("x");
    }
    try (var files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile))
          .singleElement()
          .satisfies(f -> assertThat(f.startsWith(root.resolve("logs"))).isTrue());
    }
  }

  @Test
  void missingLogsReadAsEmpty() {
    LogStore store = new LogStore(root);
    assertThat(store.read("nope", "mapper", 0, 10)).isEmpty();
    assertThat(store.names("nope")).isEmpty();
  }
}
