package dev.fanout.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Binds a spec's scalars from exactly their JSON types: a whole number from a JSON number with no
 * fraction, never {@code 2.5} or {@code "20"}; a string from a string, never {@code 7}; a duration
 * from an ISO-8601 string, never a count of seconds. Jackson would coerce all of these, so a typo
 * changed a job silently. Every refusal goes to the context's problem handler ({@link
 * BindingProblems}), which names the field and lets binding carry on to the next problem.
 */
final class StrictScalars {

  private StrictScalars() {}

  static final SimpleModule MODULE =
      new SimpleModule("fanout-strict-scalars")
          .addDeserializer(Integer.class, new WholeNumber())
          .addDeserializer(Double.class, new Number())
          .addDeserializer(Boolean.class, new TrueOrFalse())
          .addDeserializer(String.class, new Text())
          .addDeserializer(Duration.class, new IsoDuration());

  private static final class WholeNumber extends JsonDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_NUMBER_INT)) {
        if (p.getNumberType() == JsonParser.NumberType.INT) {
          return p.getIntValue();
        }
        return (Integer) ctxt.handleWeirdNumberValue(Integer.class, p.getNumberValue(), "");
      }
      // 2.0 is a whole number, as JSON Schema's "integer" says; 2.5 is not.
      if (p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        double value = p.getDoubleValue();
        if (value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE) {
          return (int) value;
        }
      }
      return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
    }
  }

  private static final class Number extends JsonDeserializer<Double> {
    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken().isNumeric()) {
        return p.getDoubleValue();
      }
      return (Double) ctxt.handleUnexpectedToken(Double.class, p);
    }
  }

  private static final class TrueOrFalse extends JsonDeserializer<Boolean> {
    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken().isBoolean()) {
        return p.getBooleanValue();
      }
      return (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
    }
  }

  private static final class Text extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return p.hasToken(JsonToken.VALUE_STRING)
          ? p.getText()
          : (String) ctxt.handleUnexpectedToken(String.class, p);
    }
  }

  private static final class IsoDuration extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
      }
      try {
        return Duration.parse(p.getText());
      } catch (DateTimeParseException e) {
        return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
      }
    }
  }
}
