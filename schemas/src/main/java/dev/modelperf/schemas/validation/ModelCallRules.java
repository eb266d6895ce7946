package dev.modelperf.schemas.validation;

import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules a {@link ModelCall} must satisfy, shared by the producer client (which refuses the
 * call) and the pipeline (which sends it to the DLQ), so both give the same reason.
 */
public final class ModelCallRules {

    public static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_ERROR_MESSAGE_LENGTH = 1000;
    public static final int MAX_ATTRIBUTES = 32;
    public static final int MAX_ATTRIBUTE_KEY_LENGTH = 64;
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 256;
    public static final long MAX_LATENCY_MS = Duration.ofHours(1).toMillis();

    private final long maxFutureSkewMs;

    /** {@code maxFutureSkew}: how far past "now" an event's timestamp may lie (clock skew allowance). */
    public ModelCallRules(Duration maxFutureSkew) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    /** Every rule {@code call} breaks, judged at wall-clock time {@code nowMs}; empty when valid. */
    public List<Violation> check(ModelCall call, long nowMs) {
        List<Violation> violations = new ArrayList<>();
        text(violations, "eventId", call.getEventId(), MAX_ID_LENGTH);
        FieldChecks.timestamp(violations, call.getTimestamp().toEpochMilli(), nowMs, maxFutureSkewMs);
        FieldChecks.tenant(violations, call.getTenant());
        text(violations, "model", call.getModel(), MAX_NAME_LENGTH);
        text(violations, "provider", call.getProvider(), MAX_NAME_LENGTH);
        text(violations, "operation", call.getOperation(), MAX_NAME_LENGTH);
        if (!CategoryPath.isPath(call.getCategory())) {
            violations.add(new Violation("category", FieldChecks.CATEGORY_RULE));
        }
        if (call.getLatencyMs() < 0 || call.getLatencyMs() > MAX_LATENCY_MS) {
            violations.add(new Violation("latencyMs", "must be between 0 and " + MAX_LATENCY_MS
                    + " (was " + call.getLatencyMs() + ")"));
        }
        Long ttft = call.getTimeToFirstTokenMs();
        if (ttft != null && (ttft < 0 || ttft > call.getLatencyMs())) {
            violations.add(new Violation("timeToFirstTokenMs", "must be between 0 and latencyMs (was " + ttft + ")"));
        }
        nonNegative(violations, "inputTokens", call.getInputTokens());
        nonNegative(violations, "outputTokens", call.getOutputTokens());
        Double cost = call.getCostUsd();
        if (cost != null && !(Double.isFinite(cost) && cost >= 0)) {
            violations.add(new Violation("costUsd", "must be a finite number >= 0 (was " + cost + ")"));
        }
        Double quality = call.getQualityScore();
        if (quality != null && !(Double.isFinite(quality) && quality >= 0 && quality <= 1)) {
            violations.add(new Violation("qualityScore", "must be a finite number between 0 and 1 (was " + quality + ")"));
        }
        optionalText(violations, "errorType", call.getErrorType(), MAX_NAME_LENGTH);
        optionalText(violations, "errorMessage", call.getErrorMessage(), MAX_ERROR_MESSAGE_LENGTH);
        optionalText(violations, "conversationId", call.getConversationId(), MAX_ID_LENGTH);
        optionalText(violations, "userId", call.getUserId(), MAX_ID_LENGTH);
        attributes(violations, call.getAttributes());
        return violations;
    }

    private static void text(List<Violation> violations, String field, String value, int maxLength) {
        FieldChecks.text(violations, field, value, maxLength);
    }

    private static void optionalText(List<Violation> violations, String field, String value, int maxLength) {
        FieldChecks.optionalText(violations, field, value, maxLength);
    }

    private static void nonNegative(List<Violation> violations, String field, long value) {
        if (value < 0) {
            violations.add(new Violation(field, "must be >= 0 (was " + value + ")"));
        }
    }

    private static void attributes(List<Violation> violations, Map<String, String> attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            violations.add(new Violation("attributes", "must have at most " + MAX_ATTRIBUTES + " entries (had "
                    + attributes.size() + ")"));
        }
        attributes.forEach((key, value) -> {
            if (key.length() > MAX_ATTRIBUTE_KEY_LENGTH || (value != null && value.length() > MAX_ATTRIBUTE_VALUE_LENGTH)) {
                violations.add(new Violation("attributes." + key, "keys must be at most " + MAX_ATTRIBUTE_KEY_LENGTH
                        + " and values at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters"));
            }
        });
    }
}
