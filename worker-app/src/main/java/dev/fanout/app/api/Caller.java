package dev.fanout.app.api;

/** Who is calling the API: a user sees and touches only their own jobs; an admin sees all. */
public record Caller(String user, boolean admin) {

  /** Whether this caller may see and act on a job of {@code owner}. */
  boolean mayTouch(String owner) {
    return admin || user.equals(owner);
  }
}
