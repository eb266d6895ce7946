package dev.modelperf.client.otel;

import dev.modelperf.schemas.keys.EventIds;
import dev.modelperf.client.FailureClassifier;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.validation.ModelCallRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the attributes of an OpenTelemetry GenAI span (semantic conventions
 * {@code gen_ai.*}) to a {@link ModelCall}, so that a service already instrumented with
 * OpenTelemetry records each call as it traces it:
 * <pre>{@code
 * client.record(GenAiAttributes.toModelCall(span.getAttributes().asMap(), start, duration, "code/backend/api"));
 * }</pre>
 * Keys are read with {@code toString()}, so both a {@code Map<String, ?>} and OpenTelemetry's
 * {@code Map<AttributeKey<?>, Object>} (whose keys print as their names) work, with no
 * dependency on the OpenTelemetry API.
 *
 * <table>
 * <caption>Mapping</caption>
 * <tr><th>attribute</th><th>ModelCall field</th></tr>
 * <tr><td>gen_ai.request.model (else gen_ai.response.model)</td><td>model</td></tr>
 * <tr><td>gen_ai.provider.name (else the older gen_ai.system)</td><td>provider</td></tr>
 * <tr><td>gen_ai.operation.name</td><td>operation (default chat)</td></tr>
 * <tr><td>gen_ai.usage.input_tokens / output_tokens</td><td>inputTokens / outputTokens</td></tr>
 * <tr><td>gen_ai.conversation.id</td><td>conversationId</td></tr>
 * <tr><td>user.id</td><td>userId</td></tr>
 * <tr><td>error.type, http.response.status_code, gen_ai.response.finish_reasons</td><td>status, errorType</td></tr>
 * <tr><td>modelperf.category, modelperf.complexity</td><td>category, complexity</td></tr>
 * <tr><td>gen_ai.response.model, .id, .finish_reasons, gen_ai.request.temperature, .max_tokens, server.address</td>
 *     <td>attributes</td></tr>
 * </table>
 */
public final class GenAiAttributes {

    public static final String REQUEST_MODEL = "gen_ai.request.model";
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    public static final String PROVIDER_NAME = "gen_ai.provider.name";
    /** The name {@link #PROVIDER_NAME} had before semantic conventions 1.37. */
    public static final String SYSTEM = "gen_ai.system";
    public static final String OPERATION_NAME = "gen_ai.operation.name";
    public static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
    public static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    public static final String CONVERSATION_ID = "gen_ai.conversation.id";
    public static final String FINISH_REASONS = "gen_ai.response.finish_reasons";
    public static final String ERROR_TYPE = "error.type";
    public static final String HTTP_STATUS = "http.response.status_code";
    public static final String USER_ID = "user.id";
    /** ModelPerf's own attribute for the task category, for services that set it on the span. */
    public static final String CATEGORY = "modelperf.category";
    public static final String COMPLEXITY = "modelperf.complexity";

    private static final List<String> COPIED = List.of(RESPONSE_MODEL, "gen_ai.response.id", FINISH_REASONS,
            "gen_ai.request.temperature", "gen_ai.request.max_tokens", "server.address");

    private GenAiAttributes() {
    }

    /**
     * The call a GenAI span describes. {@code category} applies when the span has no
     * {@value #CATEGORY}; the event id is a new random UUID.
     *
     * @throws IllegalArgumentException naming the attributes that are missing or of the wrong type
     */
    public static ModelCall toModelCall(Map<?, ?> spanAttributes, Instant start, Duration duration, String category) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        spanAttributes.forEach((key, value) -> attributes.put(String.valueOf(key), value));
        List<String> problems = new ArrayList<>();
        String model = text(attributes, REQUEST_MODEL, text(attributes, RESPONSE_MODEL, null));
        String provider = text(attributes, PROVIDER_NAME, text(attributes, SYSTEM, null));
        String categoryPath = text(attributes, CATEGORY, category);
        if (model == null) {
            problems.add(REQUEST_MODEL + " (or " + RESPONSE_MODEL + ") is missing");
        }
        if (provider == null) {
            problems.add(PROVIDER_NAME + " (or " + SYSTEM + ") is missing");
        }
        if (categoryPath == null) {
            problems.add(CATEGORY + " is missing and no category was given");
        }
        long inputTokens = count(attributes, INPUT_TOKENS, problems);
        long outputTokens = count(attributes, OUTPUT_TOKENS, problems);
        long httpStatus = count(attributes, HTTP_STATUS, problems);
        Complexity complexity = complexity(attributes, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Not a usable GenAI span: " + String.join("; ", problems));
        }
        String errorType = text(attributes, ERROR_TYPE, null);
        CallStatus status = status(errorType, (int) httpStatus, finishReasons(attributes));
        if (status != CallStatus.OK && errorType == null) {
            errorType = httpStatus >= 400 ? String.valueOf(httpStatus) : status.name().toLowerCase(Locale.ROOT);
        }
        return ModelCall.newBuilder()
                .setEventId(EventIds.newId())
                .setTimestamp(start)
                .setModel(model)
                .setProvider(provider)
                .setOperation(text(attributes, OPERATION_NAME, "chat"))
                .setCategory(categoryPath)
                .setComplexity(complexity)
                .setLatencyMs(duration.toMillis())
                .setInputTokens(inputTokens)
                .setOutputTokens(outputTokens)
                .setStatus(status)
                .setErrorType(errorType)
                .setConversationId(text(attributes, CONVERSATION_ID, null))
                .setUserId(text(attributes, USER_ID, null))
                .setAttributes(copied(attributes, model))
                .build();
    }

    private static CallStatus status(String errorType, int httpStatus, List<String> finishReasons) {
        if (finishReasons.contains("content_filter")) {
            return CallStatus.CONTENT_FILTERED;
        }
        if (httpStatus >= 400 && httpStatus <= 599) {
            return FailureClassifier.ofHttpStatus(httpStatus).status();
        }
        if (errorType != null) {
            return FailureClassifier.ofErrorType(errorType);
        }
        return CallStatus.OK;
    }

    private static String text(Map<String, Object> attributes, String key, String fallback) {
        Object value = attributes.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        return value.toString();
    }

    private static long count(Map<String, Object> attributes, String key, List<String> problems) {
        Object value = attributes.get(key);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number && number.longValue() >= 0) {
            return number.longValue();
        }
        if (value instanceof String text && text.matches("\\d{1,18}")) {
            return Long.parseLong(text);
        }
        problems.add(key + " must be a whole number >= 0 (was " + value + ")");
        return 0;
    }

    private static Complexity complexity(Map<String, Object> attributes, List<String> problems) {
        String value = text(attributes, COMPLEXITY, null);
        if (value == null) {
            return Complexity.UNKNOWN;
        }
        try {
            return Complexity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(COMPLEXITY + " must be one of low, medium, high (was " + value + ")");
            return Complexity.UNKNOWN;
        }
    }

    private static List<String> finishReasons(Map<String, Object> attributes) {
        Object value = attributes.get(FINISH_REASONS);
        if (value instanceof Collection<?> reasons) {
            return reasons.stream().map(String::valueOf).toList();
        }
        if (value instanceof String[] reasons) {
            return List.of(reasons);
        }
        return value == null ? List.of() : List.of(value.toString());
    }

    private static Map<String, String> copied(Map<String, Object> attributes, String model) {
        Map<String, String> copied = new LinkedHashMap<>();
        for (String key : COPIED) {
            Object value = attributes.get(key);
            if (value == null || (key.equals(RESPONSE_MODEL) && value.toString().equals(model))) {
                continue;
            }
            String text = value instanceof Collection<?> values ? String.join(",", values.stream().map(String::valueOf).toList())
                    : value instanceof String[] values ? String.join(",", values) : value.toString();
            copied.put(key, text.length() <= ModelCallRules.MAX_ATTRIBUTE_VALUE_LENGTH ? text
                    : text.substring(0, ModelCallRules.MAX_ATTRIBUTE_VALUE_LENGTH));
        }
        return copied;
    }
}
