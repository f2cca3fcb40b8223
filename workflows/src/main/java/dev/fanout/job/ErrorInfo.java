package dev.fanout.job;

/** Why an invocation failed: a type to match on and a message for people. */
public record ErrorInfo(String type, String message) {}
