package dev.fanout.app.api;

import dev.fanout.job.FieldError;
import io.javalin.config.ValidationConfig;
import io.javalin.http.Context;
import io.javalin.validation.ValidationException;
import io.javalin.validation.Validator;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A request's query and path parameters, read by Javalin's validators: a value of the wrong type or
 * out of range is a 400 naming the parameter, what it takes and what it got.
 */
final class Params {

  private Params() {}

  /** Lets validators read these enums, their constants named in any case: {@code state=failed}. */
  @SafeVarargs
  static void enums(ValidationConfig validation, Class<? extends Enum<?>>... types) {
    for (Class<? extends Enum<?>> type : types) {
      validation.register(
          type,
          raw ->
              Arrays.stream(type.getEnumConstants())
                  .filter(c -> c.name().equals(raw.toUpperCase(Locale.ROOT)))
                  .findFirst()
                  .orElseThrow(() -> new IllegalArgumentException(raw)));
    }
  }

  /** An integer {@code min..max}, or {@code fallback} when not given. */
  static int integer(Context ctx, String name, int fallback, int min, int max) {
    String expected = "an integer " + min + ".." + max;
    Validator<Integer> value =
        ctx.queryParamAsClass(name, Integer.class).check(v -> v >= min && v <= max, expected);
    return read(name, ctx.queryParam(name), expected, () -> value.getOrDefault(fallback));
  }

  /** One of the enum's constants (registered by {@link #enums}), or null when not given. */
  static <E extends Enum<E>> E oneOf(Context ctx, String name, Class<E> type) {
    Validator<E> value = ctx.queryParamAsClass(name, type);
    return read(
        name,
        ctx.queryParam(name),
        "one of " + Arrays.toString(type.getEnumConstants()),
        () -> value.getOrDefault(null));
  }

  /**
   * A sub-job's index {@code 0..total-1}.
   *
   * @param index the parameter's validator: {@code ctx.pathParamAsClass(name, Integer.class)} or
   *     the query's
   * @param raw the parameter as given
   * @param what what the parameter takes, as in "a sub-job index"
   */
  static int subJobIndex(
      String name, String raw, Validator<Integer> index, int total, String what) {
    String expected = what + " 0.." + Math.max(0, total - 1);
    return read(name, raw, expected, () -> index.check(i -> i >= 0 && i < total, expected).get());
  }

  private static <T> T read(String name, String raw, String expected, Supplier<T> value) {
    try {
      return value.get();
    } catch (ValidationException e) {
      throw ApiServer.badRequest(
          List.of(new FieldError(name, "expected " + expected + ", got '" + raw + "'")));
    }
  }
}
