package dev.fanout.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

  @TempDir Path dir;

  @Test
  void readsUsersAndAdminsSkippingCommentsAndBlanks() throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "# site tokens\n\nt1 alice\n  t2   root   admin  \n");

    TokenFile tokens = TokenFile.read(file);

    assertThat(tokens.authenticate("t1")).contains(new Caller("alice", false));
    assertThat(tokens.authenticate("t2")).contains(new Caller("root", true));
    assertThat(tokens.authenticate("t3")).isEmpty();
  }

  @Test
  void aMalformedLineIsNamedByFileAndLine() throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "t1 alice\nt2 bob superuser\n");

    assertThatThrownBy(() -> TokenFile.read(file))
        .hasMessage(file + ":2: expected 'TOKEN USER' or 'TOKEN USER admin'");
  }
}
