package dev.fanout.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns each problem Jackson meets while binding a spec (an unknown field, a wrong type) into a
 * {@link FieldError} and carries on, so that every problem is reported at once.
 */
final class BindingProblems extends DeserializationProblemHandler {

  private final List<FieldError> errors;

  BindingProblems(List<FieldError> errors) {
    this.errors = errors;
  }

  /** The dotted path of the value the parser is on, such as {@code task.resources.cpus}. */
  private static String path(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.add(0, c.getCurrentName());
      } else if (c.inArray()) {
        parts.add(0, "[" + c.getCurrentIndex() + "]");
      }
    }
    return String.join(".", parts).replace(".[", "[");
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration such as \"PT30M\"";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext ctxt,
      JsonParser p,
      JsonDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName)
      throws IOException {
    Set<String> known =
        deserializer.getKnownPropertyNames().stream()
            .map(String::valueOf)
            .collect(Collectors.toCollection(TreeSet::new));
    errors.add(
        new FieldError(
            path(p.getParsingContext()),
            "unknown field; expected one of " + String.join(", ", known)));
    p.skipChildren();
    return true;
  }

  @Override
  public Object handleWeirdStringValue(
      DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
    errors.add(
        new FieldError(
            path(ctxt.getParser().getParsingContext()),
            "expected " + describe(targetType) + ", was \"" + value + "\""));
    return null;
  }

  @Override
  public Object handleWeirdNumberValue(
      DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
    errors.add(
        new FieldError(
            path(ctxt.getParser().getParsingContext()),
            "expected " + describe(targetType) + ", was " + value));
    return null;
  }

  @Override
  public Object handleUnexpectedToken(
      DeserializationContext ctxt,
      JavaType targetType,
      JsonToken token,
      JsonParser p,
      String failureMsg)
      throws IOException {
    // On a '[' or '{' the parser has already stepped into the new container.
    JsonStreamContext context =
        token != null && token.isStructStart()
            ? p.getParsingContext().getParent()
            : p.getParsingContext();
    errors.add(
        new FieldError(
            path(context),
            "expected " + describe(targetType.getRawClass()) + ", was " + tokenName(token)));
    p.skipChildren();
    return null;
  }

  private static String tokenName(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }
}
