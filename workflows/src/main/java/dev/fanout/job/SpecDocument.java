package dev.fanout.job;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A job spec as it arrived, before it is bound: its JSON tree, and what reading the text found
 * wrong that no tree can show, namely a field given twice (a tree keeps one of the values) and
 * content after the spec's object (a tree ends at its object).
 *
 * <p>It is the job workflow's input type, so Temporal decodes the start payload of a client in any
 * language into it and the workflow refuses such a spec by name instead of silently losing a value.
 * It serializes as the bare tree, so the payload stays a plain JSON object.
 */
@JsonDeserialize(using = SpecDocument.Reader.class)
public final class SpecDocument {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode tree;
  private final List<FieldError> problems;

  private SpecDocument(JsonNode tree, List<FieldError> problems) {
    this.tree = tree;
    this.problems = List.copyOf(problems);
  }

  /** A spec built as a tree in code, which has no text to be wrong. */
  public static SpecDocument of(JsonNode tree) {
    return new SpecDocument(tree, List.of());
  }

  /** Reads JSON text, such as a spec file or an HTTP body. */
  public static SpecDocument read(String text) {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  public static SpecDocument read(byte[] json) {
    try (JsonParser parser = Json.MAPPER.createParser(json)) {
      if (parser.nextToken() == null) {
        return new SpecDocument(null, List.of());
      }
      return read(parser);
    } catch (JsonProcessingException e) {
      return unreadable(e);
    } catch (IOException e) {
      throw new IllegalStateException("reading bytes in memory failed", e);
    }
  }

  /** The tree, or null when the text held no JSON value at all (or could not be read). */
  @JsonValue
  public JsonNode tree() {
    return tree;
  }

  /**
   * This spec asking to reuse earlier runs' outputs ({@code "resume": true}), as {@code --resume}
   * says; a spec that is not an object is left as it is, for the parser to name.
   */
  public SpecDocument resumed() {
    if (tree == null || !tree.isObject()) {
      return this;
    }
    return new SpecDocument(((ObjectNode) tree.deepCopy()).put("resume", true), problems);
  }

  /** What the text had wrong, each naming its field, in the order found. */
  public List<FieldError> problems() {
    return problems;
  }

  /** Reads the value the parser is on, then checks that nothing follows it. */
  private static SpecDocument read(JsonParser parser) throws IOException {
    List<FieldError> problems = new ArrayList<>();
    JsonNode tree;
    try {
      tree = value(parser, problems);
    } catch (JsonProcessingException e) {
      return unreadable(e);
    }
    try {
      if (parser.nextToken() != null) {
        problems.add(trailing(parser.currentTokenLocation()));
      }
    } catch (JsonProcessingException e) {
      problems.add(trailing(e.getLocation()));
    }
    return new SpecDocument(tree, problems);
  }

  private static SpecDocument unreadable(JsonProcessingException e) {
    return new SpecDocument(
        null,
        List.of(
            new FieldError(
                "(document)", "not valid JSON: " + e.getOriginalMessage() + at(e.getLocation()))));
  }

  private static FieldError trailing(JsonLocation location) {
    return new FieldError(
        "(document)", "more content after the spec's closing brace" + at(location));
  }

  /** Jackson's tree for the value, noting every field that an object has already. */
  private static JsonNode value(JsonParser p, List<FieldError> problems) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          String field = BindingProblems.path(p.getParsingContext());
          JsonLocation location = p.currentTokenLocation();
          p.nextToken();
          if (object.replace(name, value(p, problems)) != null) {
            problems.add(new FieldError(field, "given more than once" + at(location)));
          }
        }
        yield object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p, problems));
        }
        yield array;
      }
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> NODES.pojoNode(p.getEmbeddedObject());
    };
  }

  private static String at(JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /** How Temporal's converter reads the start payload: the same reading as for text. */
  static final class Reader extends JsonDeserializer<SpecDocument> {

    @Override
    public SpecDocument deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return read(p);
    }

    @Override
    public SpecDocument getNullValue(DeserializationContext ctxt) {
      return of(NullNode.getInstance());
    }
  }
}
