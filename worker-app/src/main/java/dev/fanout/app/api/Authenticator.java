package dev.fanout.app.api;

import java.io.IOException;
import java.util.Optional;

/** Turns a bearer token into a caller: from a token file, or by asking an auth service. */
public interface Authenticator {

  /** The caller the token belongs to; empty if it belongs to no one. */
  Optional<Caller> authenticate(String token) throws IOException;
}
