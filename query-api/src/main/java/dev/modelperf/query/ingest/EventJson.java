package dev.modelperf.query.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelperf.schemas.keys.EventIds;
import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.FeedbackSource;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.LayerAttempt;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.schemas.validation.ComparisonRules;
import dev.modelperf.schemas.validation.FeedbackRules;
import dev.modelperf.schemas.validation.JudgmentRules;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.schemas.validation.RoutingDecisionRules;
import dev.modelperf.schemas.validation.RoutingOutcomeRules;
import dev.modelperf.schemas.validation.Violation;
import dev.modelperf.streams.comparison.RatingWindow;
import dev.modelperf.streams.validate.ValidationSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps the JSON of HTTP ingest to Avro events, field by field under the Avro schemas' names, and
 * checks them with the same rules as the producer client. Absent optional fields take the schema's
 * defaults; an absent {@code eventId} is generated and an absent {@code timestamp} is the time of
 * receipt; {@code timestamp} is epoch milliseconds or an ISO-8601 instant; enum values are
 * case-insensitive. An unknown field is an error rather than silently lost data (a typo such as
 * {@code latency_ms}), and so is a call older than the pipeline keeps minutes for or a comparison
 * older than the longest ratings window, which it would otherwise send to the DLQ after a 202.
 * Every error of every event is reported, a nested one under its full path ({@code layers[1].confidence}).
 */
public final class EventJson {

    /** Events mapped from one request, or the errors that stop it. */
    public record Mapped<T>(List<T> events, List<FieldError> errors) {
    }

    private static final Set<String> CALL_FIELDS = ModelCall.getClassSchema().getFields().stream()
            .map(org.apache.avro.Schema.Field::name).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> FEEDBACK_FIELDS = Feedback.getClassSchema().getFields().stream()
            .map(org.apache.avro.Schema.Field::name).collect(Collectors.toUnmodifiableSet());

    private static final Set<String> DECISION_FIELDS = fields(RoutingDecision.getClassSchema());
    private static final Set<String> LAYER_FIELDS = fields(LayerAttempt.getClassSchema());
    private static final Set<String> OUTCOME_FIELDS = fields(RoutingOutcome.getClassSchema());
    private static final Set<String> COMPARISON_FIELDS = fields(Comparison.getClassSchema());
    private static final Set<String> ENTRY_FIELDS = fields(ComparisonEntry.getClassSchema());
    private static final Set<String> JUDGMENT_FIELDS = fields(Judgment.getClassSchema());

    private final ModelCallRules callRules;
    private final RoutingDecisionRules decisionRules;
    private final RoutingOutcomeRules outcomeRules;
    private final FeedbackRules feedbackRules;
    private final ComparisonRules comparisonRules;
    private final JudgmentRules judgmentRules;
    private final Duration lateAfter;
    private final Clock clock;

    /** The pipeline's own rules: what it would refuse, ingest refuses with a 400. */
    public EventJson(ValidationSettings validation, Clock clock) {
        this.callRules = validation.callRules();
        this.feedbackRules = validation.feedbackRules();
        this.decisionRules = new RoutingDecisionRules(validation.maxFutureSkew());
        this.outcomeRules = new RoutingOutcomeRules(validation.maxFutureSkew());
        this.comparisonRules = new ComparisonRules(validation.maxFutureSkew(), validation.maxCallCostUsd());
        this.judgmentRules = new JudgmentRules(validation.maxFutureSkew());
        this.lateAfter = validation.lateAfter();
        this.clock = clock;
    }

    public Mapped<ModelCall> calls(List<JsonNode> nodes) {
        return map(nodes, CALL_FIELDS, this::call, this::checkCall);
    }

    private List<Violation> checkCall(ModelCall call, long nowMs) {
        List<Violation> violations = callRules.check(call, nowMs);
        if (!violations.isEmpty()) {
            return violations;
        }
        long age = nowMs - call.getTimestamp().toEpochMilli();
        if (age > lateAfter.toMillis()) {
            violations = List.of(new Violation("timestamp", "must not be more than " + lateAfter.toMillis()
                    + " ms in the past: the 1-minute aggregates keep window.minute.retention less a minute (was " + age
                    + " ms ago)"));
        }
        return violations;
    }

    public Mapped<Feedback> feedback(List<JsonNode> nodes) {
        return map(nodes, FEEDBACK_FIELDS, this::feedback, feedbackRules::check);
    }

    public Mapped<RoutingDecision> routingDecisions(List<JsonNode> nodes) {
        return map(nodes, DECISION_FIELDS, this::decision, decisionRules::check);
    }

    public Mapped<RoutingOutcome> routingOutcomes(List<JsonNode> nodes) {
        return map(nodes, OUTCOME_FIELDS, this::outcome, outcomeRules::check);
    }

    public Mapped<Comparison> comparisons(List<JsonNode> nodes) {
        return map(nodes, COMPARISON_FIELDS, this::comparison, this::checkComparison);
    }

    /** The stream refuses a comparison older than the longest ratings window to the DLQ; ingest tells the caller instead. */
    private List<Violation> checkComparison(Comparison comparison, long nowMs) {
        List<Violation> violations = comparisonRules.check(comparison, nowMs);
        Violation tooOld = violations.isEmpty() ? RatingWindow.tooOld(comparison, nowMs) : null;
        return tooOld == null ? violations : List.of(tooOld);
    }

    public Mapped<Judgment> judgments(List<JsonNode> nodes) {
        return map(nodes, JUDGMENT_FIELDS, this::judgment, judgmentRules::check);
    }

    private static Set<String> fields(org.apache.avro.Schema schema) {
        return schema.getFields().stream().map(org.apache.avro.Schema.Field::name).collect(Collectors.toUnmodifiableSet());
    }

    private interface Rules<T> {
        List<Violation> check(T event, long nowMs);
    }

    private <T> Mapped<T> map(List<JsonNode> nodes, Set<String> known, Function<Reader, T> build, Rules<T> rules) {
        List<T> events = new ArrayList<>(nodes.size());
        List<FieldError> errors = new ArrayList<>();
        long now = clock.millis();
        for (int index = 0; index < nodes.size(); index++) {
            JsonNode node = nodes.get(index);
            if (!node.isObject()) {
                errors.add(new FieldError(index, null, "must be a JSON object (was " + node.getNodeType().name().toLowerCase() + ")"));
                continue;
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    errors.add(new FieldError(index, name, "unknown field"));
                }
            }
            int before = errors.size();
            // Made after the unknown fields are listed: it judges only the fields it reads, so that an event whose
            // only fault is an unknown field still builds and is checked, not left null.
            Reader reader = new Reader(index, node, errors);
            T event = build.apply(reader);
            if (errors.size() == before) {
                for (Violation violation : rules.check(event, now)) {
                    errors.add(new FieldError(index, violation.field(), violation.rule()));
                }
                events.add(event);
            }
        }
        return new Mapped<>(errors.isEmpty() ? events : List.of(), errors);
    }

    private ModelCall call(Reader in) {
        ModelCall.Builder call = ModelCall.newBuilder()
                .setEventId(in.text("eventId", EventIds.newId()))
                .setTimestamp(in.timestamp(clock.instant()))
                .setTenant(in.text("tenant", "default"))
                .setModel(in.required("model"))
                .setProvider(in.required("provider"))
                .setOperation(in.text("operation", "chat"))
                .setCategory(in.required("category"))
                .setComplexity(in.symbol("complexity", Complexity.class, Complexity.UNKNOWN))
                .setLatencyMs(in.requiredInteger("latencyMs"))
                .setTimeToFirstTokenMs(in.integer("timeToFirstTokenMs"))
                .setInputTokens(orZero(in.integer("inputTokens")))
                .setOutputTokens(orZero(in.integer("outputTokens")))
                .setCostUsd(in.number("costUsd"))
                .setStatus(in.requiredSymbol("status", CallStatus.class))
                .setErrorType(in.text("errorType", null))
                .setErrorMessage(in.text("errorMessage", null))
                .setQualityScore(in.number("qualityScore"))
                .setConversationId(in.text("conversationId", null))
                .setUserId(in.text("userId", null))
                .setAttributes(in.attributes("attributes"));
        return in.ok() ? call.build() : null;
    }

    private Feedback feedback(Reader in) {
        Feedback.Builder feedback = Feedback.newBuilder()
                .setEventId(in.text("eventId", EventIds.newId()))
                .setTimestamp(in.timestamp(clock.instant()))
                .setTenant(in.text("tenant", "default"))
                .setCallEventId(in.required("callEventId"))
                .setSource(in.symbol("source", FeedbackSource.class, FeedbackSource.USER))
                .setRating(in.smallInteger("rating", FeedbackRules::ratingRule))
                .setRelevance(in.smallInteger("relevance", FeedbackRules::scoreRule))
                .setAccuracy(in.smallInteger("accuracy", FeedbackRules::scoreRule))
                .setHelpfulness(in.smallInteger("helpfulness", FeedbackRules::scoreRule))
                .setCreativity(in.smallInteger("creativity", FeedbackRules::scoreRule))
                .setOverall(in.smallInteger("overall", FeedbackRules::scoreRule))
                .setHelpful(in.bool("helpful"))
                .setImplemented(in.bool("implemented"))
                .setModel(in.text("model", null))
                .setCategory(in.text("category", null))
                .setComment(in.text("comment", null));
        return in.ok() ? feedback.build() : null;
    }

    /** A decision's {@code decisionId} is its idempotency key, so it is generated like an eventId when absent. */
    private RoutingDecision decision(Reader in) {
        RoutingDecision.Builder decision = RoutingDecision.newBuilder()
                .setDecisionId(in.text("decisionId", EventIds.newId()))
                .setTimestamp(in.timestamp(clock.instant()))
                .setTenant(in.text("tenant", "default"))
                .setTaskId(in.text("taskId", null))
                .setCategory(in.text("category", null))
                .setLayers(in.objects("layers", LAYER_FIELDS, EventJson::layer))
                .setFinalTarget(in.text("finalTarget", null))
                .setFinalLayer(in.text("finalLayer", null))
                .setFinalConfidence(in.number("finalConfidence"))
                .setClarified(Boolean.TRUE.equals(in.bool("clarified")))
                .setTotalLatencyMs(in.requiredNumber("totalLatencyMs"));
        return in.ok() ? decision.build() : null;
    }

    private static LayerAttempt layer(Reader in) {
        return LayerAttempt.newBuilder()
                .setLayerId(in.required("layerId"))
                .setName(in.text("name", null))
                .setConfidence(in.requiredNumber("confidence"))
                .setThreshold(in.requiredNumber("threshold"))
                .setAccepted(in.requiredBool("accepted"))
                .setTarget(in.text("target", null))
                .setLatencyMs(in.requiredNumber("latencyMs"))
                .build();
    }

    private RoutingOutcome outcome(Reader in) {
        RoutingOutcome.Builder outcome = RoutingOutcome.newBuilder()
                .setEventId(in.text("eventId", EventIds.newId()))
                .setTimestamp(in.timestamp(clock.instant()))
                .setTenant(in.text("tenant", "default"))
                .setDecisionId(in.required("decisionId"))
                .setCompleted(in.requiredBool("completed"))
                .setCorrect(in.bool("correct"))
                .setCorrectTarget(in.text("correctTarget", null))
                .setQualityScore(in.number("qualityScore"));
        return in.ok() ? outcome.build() : null;
    }

    private Comparison comparison(Reader in) {
        Comparison.Builder comparison = Comparison.newBuilder()
                .setEventId(in.text("eventId", EventIds.newId()))
                .setTimestamp(in.timestamp(clock.instant()))
                .setTenant(in.text("tenant", "default"))
                .setCategory(in.required("category"))
                .setComplexity(in.symbol("complexity", Complexity.class, Complexity.UNKNOWN))
                .setEntries(in.objects("entries", ENTRY_FIELDS, EventJson::entry))
                .setWinner(in.text("winner", null))
                .setTie(Boolean.TRUE.equals(in.bool("tie")))
                .setConsensusScore(in.number("consensusScore"))
                .setJudge(in.text("judge", null));
        return in.ok() ? comparison.build() : null;
    }

    private static ComparisonEntry entry(Reader in) {
        return ComparisonEntry.newBuilder()
                .setModel(in.required("model"))
                .setProvider(in.text("provider", null))
                .setScore(in.number("score"))
                .setLatencyMs(in.integer("latencyMs"))
                .setInputTokens(orZero(in.integer("inputTokens")))
                .setOutputTokens(orZero(in.integer("outputTokens")))
                .setCostUsd(in.number("costUsd"))
                .setCallEventId(in.text("callEventId", null))
                .build();
    }

    private Judgment judgment(Reader in) {
        Judgment.Builder judgment = Judgment.newBuilder()
                .setEventId(in.text("eventId", EventIds.newId()))
                .setTimestamp(in.timestamp(clock.instant()))
                .setTenant(in.text("tenant", "default"))
                .setCallEventId(in.required("callEventId"))
                .setJudge(in.required("judge"))
                .setScores(in.numbers("scores"))
                .setOverallScore(in.number("overallScore"))
                .setPassed(in.bool("passed"))
                .setThinkingBudgetTokens(in.integer("thinkingBudgetTokens"))
                .setThinkingTokensUsed(in.integer("thinkingTokensUsed"))
                .setMinimality(in.number("minimality"))
                .setModel(in.text("model", null))
                .setCategory(in.text("category", null))
                .setComment(in.text("comment", null));
        return in.ok() ? judgment.build() : null;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }


    /** Reads typed fields of one event, recording a type error per bad field and answering a placeholder. */
    private static final class Reader {
        private final int index;
        private final JsonNode node;
        private final List<FieldError> errors;
        private final int errorsBefore;
        /** Where a nested object sits in the event ({@code layers[1].}), so that errors name the full field path. */
        private final String path;

        Reader(int index, JsonNode node, List<FieldError> errors) {
            this(index, node, errors, "");
        }

        private Reader(int index, JsonNode node, List<FieldError> errors, String path) {
            this.index = index;
            this.node = node;
            this.errors = errors;
            this.errorsBefore = errors.size();
            this.path = path;
        }

        boolean ok() {
            return errors.size() == errorsBefore;
        }

        private JsonNode value(String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value;
        }

        private void error(String field, String message) {
            errors.add(new FieldError(index, path + field, message));
        }

        double requiredNumber(String field) {
            if (value(field) == null) {
                error(field, "is required");
                return 0;
            }
            Double number = number(field);
            return number == null ? 0 : number;
        }

        boolean requiredBool(String field) {
            if (value(field) == null) {
                error(field, "is required");
                return false;
            }
            return Boolean.TRUE.equals(bool(field));
        }

        /** A required array of objects with {@code known} fields, each read by {@code build}. */
        <T> List<T> objects(String field, Set<String> known, Function<Reader, T> build) {
            JsonNode value = value(field);
            List<T> items = new ArrayList<>();
            if (value == null) {
                error(field, "is required");
                return items;
            }
            if (!value.isArray()) {
                error(field, "must be an array of objects");
                return items;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                String at = field + "[" + i + "]";
                if (!item.isObject()) {
                    error(at, "must be a JSON object (was " + item.getNodeType().name().toLowerCase() + ")");
                    continue;
                }
                for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!known.contains(name)) {
                        error(at + "." + name, "unknown field");
                    }
                }
                items.add(build.apply(new Reader(index, item, errors, path + at + ".")));
            }
            return items;
        }

        String text(String field, String fallback) {
            JsonNode value = value(field);
            if (value == null) {
                return fallback;
            }
            if (!value.isTextual()) {
                error(field, "must be a string");
                return fallback;
            }
            return value.asText();
        }

        String required(String field) {
            String text = text(field, null);
            if (text == null && value(field) == null) {
                error(field, "is required");
            }
            return text == null ? "" : text;
        }

        Long integer(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                error(field, "must be an integer");
                return null;
            }
            return value.asLong();
        }

        /** An int field; a JSON integer beyond int is reported with {@code rule} worded for its own value. */
        Integer smallInteger(String field, Function<Number, String> rule) {
            JsonNode value = value(field);
            if (value != null && value.isIntegralNumber() && !value.canConvertToInt()) {
                error(field, rule.apply(value.numberValue()));
                return null;
            }
            Long integer = integer(field);
            return integer == null ? null : integer.intValue();
        }

        long requiredInteger(String field) {
            if (value(field) == null) {
                error(field, "is required");
                return 0;
            }
            Long integer = integer(field);
            return integer == null ? 0 : integer;
        }

        Double number(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (!value.isNumber()) {
                error(field, "must be a number");
                return null;
            }
            return value.asDouble();
        }

        Boolean bool(String field) {
            JsonNode value = value(field);
            if (value == null) {
                return null;
            }
            if (!value.isBoolean()) {
                error(field, "must be true or false");
                return null;
            }
            return value.asBoolean();
        }

        <E extends Enum<E>> E symbol(String field, Class<E> type, E fallback) {
            JsonNode value = value(field);
            if (value == null) {
                return fallback;
            }
            E[] symbols = type.getEnumConstants();
            if (value.isTextual()) {
                for (E symbol : symbols) {
                    if (symbol.name().equalsIgnoreCase(value.asText())) {
                        return symbol;
                    }
                }
            }
            error(field, "must be one of " + Arrays.stream(symbols).map(Enum::name).collect(Collectors.joining(", "))
                    + " (was " + value + ")");
            return fallback;
        }

        <E extends Enum<E>> E requiredSymbol(String field, Class<E> type) {
            if (value(field) == null) {
                error(field, "is required");
                return type.getEnumConstants()[0];
            }
            return symbol(field, type, type.getEnumConstants()[0]);
        }

        Instant timestamp(Instant fallback) {
            JsonNode value = value("timestamp");
            if (value == null) {
                return fallback;
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return Instant.ofEpochMilli(value.asLong());
            }
            if (value.isTextual()) {
                try {
                    return OffsetDateTime.parse(value.asText()).toInstant();
                } catch (DateTimeParseException notOffset) {
                    try {
                        return Instant.parse(value.asText());
                    } catch (DateTimeParseException e) {
                        // reported below
                    }
                }
            }
            error("timestamp", "must be epoch milliseconds or an ISO-8601 instant such as 2025-06-01T12:00:00Z (was " + value + ")");
            return fallback;
        }

        Map<String, String> attributes(String field) {
            JsonNode value = value(field);
            Map<String, String> attributes = new LinkedHashMap<>();
            if (value == null) {
                return attributes;
            }
            if (!value.isObject()) {
                error(field, "must be an object of string values");
                return attributes;
            }
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                if (!entry.getValue().isTextual()) {
                    error(field + "." + entry.getKey(), "must be a string");
                } else {
                    attributes.put(entry.getKey(), entry.getValue().asText());
                }
            }
            return attributes;
        }

        /** An object of numbers, such as a judgment's score per criterion. */
        Map<String, Double> numbers(String field) {
            JsonNode value = value(field);
            Map<String, Double> numbers = new LinkedHashMap<>();
            if (value == null) {
                return numbers;
            }
            if (!value.isObject()) {
                error(field, "must be an object of numbers");
                return numbers;
            }
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                if (!entry.getValue().isNumber()) {
                    error(field + "." + entry.getKey(), "must be a number");
                } else {
                    numbers.put(entry.getKey(), entry.getValue().asDouble());
                }
            }
            return numbers;
        }
    }
}
