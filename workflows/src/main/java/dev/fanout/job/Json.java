package dev.fanout.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The one JSON configuration of Fanout: on the wire through Temporal, in job specs, in the CLI and
 * in stored results. Durations and instants are ISO-8601 strings, so clients in other languages
 * read them without knowing Java's defaults.
 */
public final class Json {

  public static final ObjectMapper MAPPER = configure(new ObjectMapper());

  /**
   * Temporal's converter over {@link #MAPPER}. Every worker, client and replayer must use it, or
   * the same history decodes differently in different places.
   */
  public static final DataConverter DATA_CONVERTER =
      DefaultDataConverter.newDefaultInstance()
          .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(MAPPER));

  private Json() {}

  /** How many bytes {@code value} takes as JSON. */
  public static int size(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        // Results written by a newer Fanout stay readable by an older client.
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  }
}
