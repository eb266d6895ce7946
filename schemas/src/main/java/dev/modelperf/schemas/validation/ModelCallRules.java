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
 * call), HTTP ingest (400) and the pipeline (which sends it to the DLQ), so all give the same
 * reason. Every number is bounded so that sums over any realistic number of calls stay finite and
 * exact; every name is printable, valid UTF-16 and of bounded length.
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
    /**
     * Tokens of one call, each way: the largest context windows offered are 10 million tokens; the
     * bound keeps token sums (longs) exact for 900 billion calls and estimated costs finite.
     */
    public static final long MAX_TOKENS = 10_000_000;
    /**
     * The default of the most one call may cost: the dearest model priced today (o1-pro, $150 per
     * million input and $600 per million output tokens) costs about $90 for a call that fills its
     * 200k-token context; more is almost surely a unit mistake (cents, micro-dollars).
     */
    public static final double DEFAULT_MAX_CALL_COST_USD = 100;

    private final long maxFutureSkewMs;
    private final double maxCallCostUsd;

    /** {@code maxFutureSkew}: how far past "now" an event's timestamp may lie (clock skew allowance). */
    public ModelCallRules(Duration maxFutureSkew) {
        this(maxFutureSkew, DEFAULT_MAX_CALL_COST_USD);
    }

    /** {@code maxCallCostUsd}: the most one call may cost, in US dollars. */
    public ModelCallRules(Duration maxFutureSkew, double maxCallCostUsd) {
        if (!(Double.isFinite(maxCallCostUsd) && maxCallCostUsd > 0)) {
            throw new IllegalArgumentException("maxCallCostUsd must be a finite number > 0 (was " + maxCallCostUsd + ")");
        }
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
        this.maxCallCostUsd = maxCallCostUsd;
    }

    /** Every rule {@code call} breaks, judged at wall-clock time {@code nowMs}; empty when valid. */
    public List<Violation> check(ModelCall call, long nowMs) {
        List<Violation> violations = new ArrayList<>();
        text(violations, "eventId", call.getEventId(), MAX_ID_LENGTH);
        FieldChecks.timestamp(violations, call.getTimestamp(), nowMs, maxFutureSkewMs);
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
        tokens(violations, "inputTokens", call.getInputTokens());
        tokens(violations, "outputTokens", call.getOutputTokens());
        Double cost = call.getCostUsd();
        if (cost != null && !(Double.isFinite(cost) && cost >= 0 && cost <= maxCallCostUsd)) {
            violations.add(new Violation("costUsd", "must be a number between 0 and " + maxCallCostUsd
                    + " (validation.max.call.cost.usd) (was " + cost + ")"));
        }
        Double quality = call.getQualityScore();
        if (quality != null && !(Double.isFinite(quality) && quality >= 0 && quality <= 1)) {
            violations.add(new Violation("qualityScore", "must be a finite number between 0 and 1 (was " + quality + ")"));
        }
        optionalText(violations, "errorType", call.getErrorType(), MAX_NAME_LENGTH);
        FieldChecks.freeText(violations, "errorMessage", call.getErrorMessage(), MAX_ERROR_MESSAGE_LENGTH);
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

    private static void tokens(List<Violation> violations, String field, long value) {
        if (value < 0 || value > MAX_TOKENS) {
            violations.add(new Violation(field, "must be between 0 and " + MAX_TOKENS + " (was " + value + ")"));
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
            } else if (key.isEmpty() || FieldChecks.name(key) != null) {
                violations.add(new Violation("attributes", "keys " + (key.isEmpty() ? "must not be empty" : FieldChecks.name(key))));
            } else if (value != null && FieldChecks.prose(value) != null) {
                violations.add(new Violation("attributes." + key, FieldChecks.prose(value)));
            }
        });
    }
}
