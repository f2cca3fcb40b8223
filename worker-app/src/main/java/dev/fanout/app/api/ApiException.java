package dev.fanout.app.api;

import io.javalin.http.HttpStatus;

/** Ends a request with this status and JSON body. */
final class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final transient Object body;

  ApiException(HttpStatus status, Object body) {
    super(status + ": " + body, null, false, false);
    this.status = status;
    this.body = body;
  }

  HttpStatus status() {
    return status;
  }

  Object body() {
    return body;
  }
}
