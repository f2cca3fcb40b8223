package dev.fanout.job;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a function reference (mapper, task, reducer) and of the resources it or a mapped
 * sub-job asks for, each broken rule a {@link FieldError} naming the field.
 */
final class FunctionChecks {

  /**
   * A read-only mount: host path (relative to the worker's working directory, or absolute), colon,
   * absolute container path.
   */
  private static final Pattern MOUNT = Pattern.compile("[^:]+:/[^:]*");

  private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private FunctionChecks() {}

  /**
   * Checks the function reference named {@code field}; its absence is an error if {@code required}.
   */
  static void checkFunction(
      String field, FunctionRef function, boolean required, List<FieldError> errors) {
    if (function == null) {
      if (required) {
        errors.add(
            new FieldError(
                field,
                "is required: an object such as {\"executor\": \"java\", \"handler\": \"...\"}"));
      }
      return;
    }
    String executor = function.executor();
    if (executor == null) {
      errors.add(
          new FieldError(field + ".executor", "is required; expected one of " + executors()));
      return;
    }
    ExecutorKind kind = ExecutorKind.named(executor).orElse(null);
    if (kind == null) {
      errors.add(
          new FieldError(
              field + ".executor",
              "unknown executor '" + executor + "'; expected one of " + executors()));
      return;
    }
    ExecutorKind.Requirement needs = kind.requirement();
    if (!needs.met().test(function)) {
      errors.add(
          new FieldError(
              field + "." + needs.field(),
              "is required for executor '" + executor + "': " + needs.what()));
    }
    if (function.command() != null && function.command().contains(null)) {
      errors.add(
          new FieldError(
              field + ".command[" + function.command().indexOf(null) + "]",
              "expected a string, was null"));
    }
    List<String> mounts = function.mounts() == null ? List.of() : function.mounts();
    for (int i = 0; i < mounts.size(); i++) {
      if (mounts.get(i) == null || !MOUNT.matcher(mounts.get(i)).matches()) {
        errors.add(
            new FieldError(
                field + ".mounts[" + i + "]",
                "expected \"host/path:/container/path\", was " + mounts.get(i)));
      }
    }
    if (function.network() != null && !NETWORK.matcher(function.network()).matches()) {
      errors.add(
          new FieldError(
              field + ".network",
              "expected a network name such as bridge, was " + function.network()));
    }
    if (function.name() != null && !FUNCTION_NAME.matcher(function.name()).matches()) {
      errors.add(
          new FieldError(
              field + ".name",
              "expected letters, digits, '.', '_' or '-' (at most 64), was " + function.name()));
    }
    if (function.resources() != null && function.resources().autoSized() && !kind.recordsUsage()) {
      errors.add(
          new FieldError(
              field + ".resources.auto",
              "needs recorded runs, which only executors " + recordingUsage() + " keep"));
    }
    checkResources(field + ".resources", function.resources(), errors);
  }

  static void checkResources(String field, Resources resources, List<FieldError> errors) {
    if (resources == null) {
      return;
    }
    if (resources.cpus() != null) {
      FieldChecks.range(field + ".cpus", resources.cpus(), 1, 1024, errors);
    }
    if (resources.memoryMb() != null) {
      FieldChecks.range(field + ".memoryMb", resources.memoryMb(), 1, 16 * 1024 * 1024, errors);
    }
    if (resources.gpus() != null) {
      FieldChecks.range(field + ".gpus", resources.gpus(), 0, 64, errors);
    }
    FieldChecks.positive(field + ".walltime", resources.walltime(), errors);
    if (resources.nodes() != null) {
      FieldChecks.range(field + ".nodes", resources.nodes(), 1, 10_000, errors);
    }
  }

  private static String executors() {
    return String.join(", ", ExecutorKind.ids());
  }

  private static List<String> recordingUsage() {
    return Arrays.stream(ExecutorKind.values())
        .filter(ExecutorKind::recordsUsage)
        .map(ExecutorKind::id)
        .toList();
  }
}
