package dev.fanout.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
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
  static String path(JsonStreamContext context) {
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

  /** What a document is, for a spec that is not a JSON object. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case STRING -> "the string " + node;
      case NULL -> "null";
      default -> node.toString();
    };
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
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
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
    String field;
    if (p != ctxt.getParser()) {
      // A record's unknown fields are kept aside and handed over once its object has been read:
      // the main parser has just left that object, so its context is where the record is.
      String record = path(ctxt.getParser().getParsingContext());
      field = record.isEmpty() ? propertyName : record + "." + propertyName;
    } else {
      // On a '[' or '{' the parser has already stepped into the field's value.
      field =
          path(
              p.currentToken() != null && p.currentToken().isStructStart()
                  ? p.getParsingContext().getParent()
                  : p.getParsingContext());
    }
    errors.add(new FieldError(field, "unknown field; expected one of " + String.join(", ", known)));
    p.skipChildren();
    return true;
  }

  /** A scalar where an object (a function, retry, resources) belongs. */
  @Override
  public Object handleMissingInstantiator(
      DeserializationContext ctxt,
      Class<?> instClass,
      ValueInstantiator valueInsta,
      JsonParser p,
      String msg)
      throws IOException {
    errors.add(
        new FieldError(
            path(p.getParsingContext()),
            "expected " + describe(instClass) + ", was " + what(p.currentToken(), p)));
    p.skipChildren();
    return null;
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

  /** A whole number too large for its field's type (every one of them is an int). */
  @Override
  public Object handleWeirdNumberValue(
      DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
    errors.add(
        new FieldError(
            path(ctxt.getParser().getParsingContext()),
            "must be between "
                + Integer.MIN_VALUE
                + " and "
                + Integer.MAX_VALUE
                + ", was "
                + value));
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
            "expected " + describe(targetType.getRawClass()) + ", was " + what(token, p)));
    p.skipChildren();
    return null;
  }

  /** What the value is, quoting a scalar so the user sees what they wrote. */
  private static String what(JsonToken token, JsonParser p) throws IOException {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "the string \"" + p.getText() + "\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> p.getText();
      default -> token.toString();
    };
  }
}
