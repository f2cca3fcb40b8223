package dev.fanout.job;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a job spec from JSON and checks it, reporting every problem at once, each naming its field.
 * Pure and deterministic, so the workflow itself runs it on whatever a client in any language sent.
 */
public final class JobSpecParser {

  private static final List<String> CACHE_MODES =
      List.of(CacheSpec.LENIENT, CacheSpec.DEEP, CacheSpec.OFF);

  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Duration MAX_TASK_TIMEOUT = Duration.ofDays(30);

  /** Binds every scalar from its own JSON type only: see {@link StrictScalars}. */
  private static final ObjectReader STRICT =
      reader(Json.MAPPER.copy().registerModule(StrictScalars.MODULE));

  /** How specs were bound before strict input: Jackson's coercions ({@code "20"} as 20). */
  private static final ObjectReader LENIENT = reader(Json.MAPPER);

  private JobSpecParser() {}

  private static ObjectReader reader(ObjectMapper mapper) {
    return mapper
        .readerFor(JobSpec.class)
        .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** Parses JSON text, such as a spec file or an HTTP body. */
  public static JobSpec parse(String text) {
    return parse(SpecDocument.read(text));
  }

  /** Parses and checks a spec; throws {@link InvalidJobSpecException} naming every problem. */
  public static JobSpec parse(JsonNode json) {
    return parse(SpecDocument.of(json));
  }

  /**
   * Parses and checks a spec as it arrived: what its text had wrong (a field given twice, content
   * after it), every scalar of the wrong JSON type, every rule broken, each naming its field.
   */
  public static JobSpec parse(SpecDocument document) {
    List<FieldError> errors = new ArrayList<>(document.problems());
    JobSpec spec = bind(document.tree(), STRICT, errors);
    if (spec != null) {
      check(spec, errors);
      checkSizes(spec, errors);
    }
    return accepted(spec, errors);
  }

  /**
   * The rules as they were before strict input, which coerced {@code "20"} and {@code 2.5} to whole
   * numbers and had no size limits; only for replaying jobs started before then.
   */
  public static JobSpec parseLenient(JsonNode json) {
    List<FieldError> errors = new ArrayList<>();
    JobSpec spec = bind(json, LENIENT, errors);
    if (spec != null) {
      check(spec, errors);
    }
    return accepted(spec, errors);
  }

  private static JobSpec bind(JsonNode json, ObjectReader reader, List<FieldError> errors) {
    if (json == null && !errors.isEmpty()) {
      return null; // not JSON at all, as already said
    }
    if (json == null || !json.isObject()) {
      errors.add(
          new FieldError(
              "(document)", "expected a JSON object, was " + BindingProblems.describe(json)));
      return null;
    }
    try {
      return reader.withHandler(new BindingProblems(errors)).readValue(json);
    } catch (JsonMappingException e) {
      errors.add(new FieldError(path(e), e.getOriginalMessage()));
    } catch (IOException e) {
      errors.add(new FieldError("(document)", e.getMessage()));
    }
    return null;
  }

  /**
   * The spec, or every problem: the first one of each field, since a value binding refused is bound
   * as missing, which the rules would name again.
   */
  private static JobSpec accepted(JobSpec spec, List<FieldError> errors) {
    if (!errors.isEmpty()) {
      Set<String> named = new HashSet<>();
      throw new InvalidJobSpecException(errors.stream().filter(e -> named.add(e.field())).toList());
    }
    return spec.withDefaults();
  }

  /**
   * Refuses a function too large to copy into every one of its invocations: a page's history holds
   * a copy per sub-job. Only {@code input} may be large, and a large one travels by reference.
   */
  private static void checkSizes(JobSpec spec, List<FieldError> errors) {
    Map<String, FunctionRef> functions = new LinkedHashMap<>();
    functions.put("mapper", spec.mapper());
    functions.put("task", spec.task());
    functions.put("reducer", spec.reducer());
    functions.forEach(
        (field, function) -> {
          int bytes = function == null ? 0 : Json.size(function);
          if (bytes > JobSpec.MAX_FUNCTION_BYTES) {
            errors.add(
                new FieldError(
                    field,
                    bytes
                        + " bytes as JSON, more than the "
                        + JobSpec.MAX_FUNCTION_BYTES
                        + " a function may take, since every invocation carries it; put large"
                        + " data in input or in files"));
          }
        });
  }

  private static void check(JobSpec spec, List<FieldError> errors) {
    if (spec.owner() != null && !OWNER.matcher(spec.owner()).matches()) {
      errors.add(
          new FieldError(
              "owner",
              "must be 1-64 letters, digits or ._@- characters, was '" + spec.owner() + "'"));
    }
    FunctionChecks.checkFunction("mapper", spec.mapper(), true, errors);
    FunctionChecks.checkFunction("task", spec.task(), true, errors);
    FunctionChecks.checkFunction("reducer", spec.reducer(), false, errors);
    if (spec.maxParallel() != null) {
      FieldChecks.range("maxParallel", spec.maxParallel(), 1, JobSpec.MAX_PARALLEL_LIMIT, errors);
    }
    RetrySpec retry = spec.retry();
    if (retry != null) {
      if (retry.maxAttempts() != null) {
        FieldChecks.range("retry.maxAttempts", retry.maxAttempts(), 1, 100, errors);
      }
      FieldChecks.positive("retry.initialInterval", retry.initialInterval(), errors);
      FieldChecks.positive("retry.maxInterval", retry.maxInterval(), errors);
      if (retry.backoff() != null && retry.backoff() < 1.0) {
        errors.add(new FieldError("retry.backoff", "must be at least 1.0, was " + retry.backoff()));
      }
    }
    FailurePolicy policy = spec.failurePolicy();
    if (policy != null) {
      if (policy.toleratedFailures() != null && policy.toleratedFailures() < 0) {
        errors.add(
            new FieldError(
                "failurePolicy.toleratedFailures",
                "must be 0 or more, was " + policy.toleratedFailures()));
      }
      Double percent = policy.toleratedFailurePercent();
      if (percent != null && (percent < 0 || percent > 100)) {
        errors.add(
            new FieldError(
                "failurePolicy.toleratedFailurePercent",
                "must be between 0 and 100, was " + percent));
      }
    }
    if (spec.itemsPerTask() != null) {
      FieldChecks.range("itemsPerTask", spec.itemsPerTask(), 1, JobSpec.MAX_ITEMS_PER_TASK, errors);
    }
    if (spec.priority() != null) {
      FieldChecks.range(
          "priority", spec.priority(), JobSpec.HIGHEST_PRIORITY, JobSpec.LOWEST_PRIORITY, errors);
    }
    if (spec.fairnessWeight() != null) {
      FieldChecks.range(
          "fairnessWeight", spec.fairnessWeight(), 1, JobSpec.MAX_FAIRNESS_WEIGHT, errors);
    }
    CacheSpec cache = spec.cache();
    if (cache != null) {
      if (cache.mode() != null && !CACHE_MODES.contains(cache.mode())) {
        errors.add(
            new FieldError(
                "cache.mode", "expected one of " + CACHE_MODES + ", was '" + cache.mode() + "'"));
      }
      if (cache.inputFiles() != null
          && cache.inputFiles().stream().anyMatch(name -> name == null || name.isBlank())) {
        errors.add(
            new FieldError("cache.inputFiles", "expected names of params fields, was a blank one"));
      }
      if (cache.off() && Boolean.TRUE.equals(spec.resume())) {
        errors.add(
            new FieldError(
                "resume",
                "expected false with cache.mode 'off', which keeps nothing to resume from"));
      }
    }
    FieldChecks.positive("taskTimeout", spec.taskTimeout(), errors);
    if (spec.taskTimeout() != null && spec.taskTimeout().compareTo(MAX_TASK_TIMEOUT) > 0) {
      errors.add(new FieldError("taskTimeout", "must be at most P30D, was " + spec.taskTimeout()));
    }
  }

  private static String path(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(
                ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    return path.isEmpty() ? "(document)" : path;
  }
}
