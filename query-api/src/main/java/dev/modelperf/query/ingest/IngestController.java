package dev.modelperf.query.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.modelperf.events.Comparison;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelperf.query.ApiError;
import dev.modelperf.query.auth.AccessControl;
import dev.modelperf.query.auth.AccessDeniedException;
import dev.modelperf.query.auth.Caller;
import dev.modelperf.schemas.validation.ModelCallRules;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events/calls}, {@code /feedback}, {@code /routing}, {@code /routing-outcomes}, {@code /comparisons}
 * and {@code /judgments}: one event (a JSON
 * object) or a batch (a JSON array of up to {@value #MAX_BATCH}) from services not on the JVM.
 * A batch is all or nothing: with any invalid event, none is sent and the answer is 400 listing
 * every error by index and field; with any call that would bring a model or category past its
 * tenant's limit (as far as this instance can tell, see {@link TenantNameLimits}), none is sent
 * and the answer is 422 listing each such call by index and field. Otherwise the answer, 202 with the accepted count and event ids,
 * is sent only once the broker has acknowledged every event; if Kafka fails any, 503 with
 * {@code Retry-After} (some may be stored: retrying with the same event ids is safe, they are
 * the events' idempotency keys).
 */
public final class IngestController {

    public static final int MAX_BATCH = 1_000;
    /**
     * The most characters the text fields of one call can hold, each at its maximum length; a
     * call is the largest event (feedback holds at most 2,715, a judgment 4,963, a comparison of 16
     * answers 9,235: the 3 bytes a character of the difference leave room for its field names and numbers).
     */
    static final int MAX_CALL_TEXT_CHARS = ModelCallRules.MAX_ID_LENGTH * 3 // eventId, conversationId, userId
            + 64 // tenant
            + ModelCallRules.MAX_NAME_LENGTH * 4 // model, provider, operation, errorType
            + 4 * 48 + 3 // category
            + ModelCallRules.MAX_ERROR_MESSAGE_LENGTH
            + ModelCallRules.MAX_ATTRIBUTES * (ModelCallRules.MAX_ATTRIBUTE_KEY_LENGTH + ModelCallRules.MAX_ATTRIBUTE_VALUE_LENGTH);
    /**
     * The largest body ingest reads: the documented batch of {@value #MAX_BATCH} calls whose text is
     * all at its maximum length, at 3 UTF-8 bytes per UTF-16 character (the most any character takes,
     * an escaped quote included), plus 2 KiB a call for field names, numbers and whitespace: 40,098,002
     * bytes. Beyond, 413.
     */
    public static final long MAX_BODY_BYTES = (long) MAX_BATCH * (3L * MAX_CALL_TEXT_CHARS + 2048 + 1) + 2;
    private static final Logger log = LoggerFactory.getLogger(IngestController.class);

    private final EventJson json;
    private final EventPublisher publisher;
    private final NameLimits limits;
    /** Exactly one JSON value, no key twice: anything else would silently lose what the caller sent. */
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public IngestController(EventJson json, EventPublisher publisher) {
        this(json, publisher, NameLimits.UNCHECKED);
    }

    public IngestController(EventJson json, EventPublisher publisher, NameLimits limits) {
        this.json = json;
        this.publisher = publisher;
        this.limits = limits;
    }

    public void calls(Context ctx) {
        ingest(ctx, nodes -> json.calls(nodes), limits::refusals, publisher::publishCalls, ModelCall::getEventId);
    }

    /**
     * Feedback's own model and category are not checked here: whether they count depends on whether its call is
     * found, which only the stream knows; feedback that would bring a name past a limit goes to the DLQ there.
     */
    public void feedback(Context ctx) {
        ingest(ctx, nodes -> json.feedback(nodes), events -> List.of(), publisher::publishFeedback, Feedback::getEventId);
    }

    public void routingDecisions(Context ctx) {
        ingest(ctx, nodes -> json.routingDecisions(nodes), events -> List.of(), publisher::publishRoutingDecisions, RoutingDecision::getDecisionId);
    }

    public void routingOutcomes(Context ctx) {
        ingest(ctx, nodes -> json.routingOutcomes(nodes), events -> List.of(), publisher::publishRoutingOutcomes, RoutingOutcome::getEventId);
    }

    /**
     * The models a comparison names are not checked against the tenant's limits here: comparisons feed the ratings,
     * not the call aggregates the limits protect.
     */
    public void comparisons(Context ctx) {
        ingest(ctx, nodes -> json.comparisons(nodes), events -> List.of(), publisher::publishComparisons, Comparison::getEventId);
    }

    /** Like feedback: a judgment's own model and category are checked by the stream, once it knows whether its call came. */
    public void judgments(Context ctx) {
        ingest(ctx, nodes -> json.judgments(nodes), events -> List.of(), publisher::publishJudgments, Judgment::getEventId);
    }

    private <T> void ingest(Context ctx, Function<List<JsonNode>, EventJson.Mapped<T>> mapping,
                            Function<List<T>, List<FieldError>> limitCheck,
                            Function<List<T>, CompletableFuture<Void>> publish, Function<T, String> eventId) {
        List<JsonNode> nodes = events(ctx);
        if (nodes == null) {
            return;
        }
        AccessControl.caller(ctx).ifPresent(caller -> scopeToTenant(nodes, caller));
        EventJson.Mapped<T> mapped = mapping.apply(nodes);
        if (!mapped.errors().isEmpty()) {
            ctx.status(400).json(InvalidEventsResponse.of(mapped.errors()));
            return;
        }
        List<FieldError> refusals = limitCheck.apply(mapped.events());
        if (!refusals.isEmpty()) {
            ctx.status(422).json(InvalidEventsResponse.limitReached(refusals));
            return;
        }
        List<String> ids = mapped.events().stream().map(eventId).toList();
        ctx.future(() -> publish.apply(mapped.events()).handle((done, error) -> {
            if (error == null) {
                ctx.status(202).json(new AcceptedResponse(ids.size(), ids));
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                log.warn("Ingest of {} events to Kafka failed: {}", ids.size(), cause.toString());
                ctx.header("Retry-After", "1");
                ctx.status(503).json(new ApiError(503, "not_stored", null, "Kafka did not acknowledge every event ("
                        + cause.getMessage() + "); some may be stored: retry the whole request with the same eventIds"));
            }
            return null;
        }));
    }

    /**
     * Gives events without a tenant the key's, and refuses (403, naming the field) an event of another
     * tenant unless the key is an admin's: a key writes into its own tenant only.
     */
    private static void scopeToTenant(List<JsonNode> nodes, Caller caller) {
        for (int i = 0; i < nodes.size(); i++) {
            if (!(nodes.get(i) instanceof ObjectNode event) || caller.tenant() == null) {
                continue;
            }
            JsonNode tenant = event.get("tenant");
            if (tenant == null || tenant.isNull()) {
                event.put("tenant", caller.tenant());
            } else if (!caller.anyTenant() && !tenant.asText().equals(caller.tenant())) {
                throw new AccessDeniedException(403, "tenant", "event " + i + ": tenant '" + tenant.asText()
                        + "' is not this key's tenant ('" + caller.tenant() + "')");
            }
        }
    }

    /** The body as a list of events, or null after answering 400/413. */
    private List<JsonNode> events(Context ctx) {
        JsonNode body;
        try {
            // The bytes, not ctx.body(): decoding to a String first would turn bytes that are not UTF-8 into U+FFFD
            // and accept an event whose names and ids are no longer what the caller sent.
            body = mapper.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            ctx.status(400).json(new ApiError(400, "invalid_json", null,
                    "The body is not one JSON value in UTF-8 (an object or an array, each key once): " + why));
            return null;
        }
        if (body == null || !(body.isObject() || body.isArray()) || (body.isArray() && body.isEmpty())) {
            ctx.status(400).json(new ApiError(400, "bad_request", null,
                    "The body must be one event (a JSON object) or a non-empty JSON array of at most " + MAX_BATCH + " events"));
            return null;
        }
        if (body.size() > MAX_BATCH && body.isArray()) {
            ctx.status(413).json(new ApiError(413, "too_many_events", null,
                    "A batch holds at most " + MAX_BATCH + " events (was " + body.size() + ")"));
            return null;
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(nodes::add);
        } else {
            nodes.add(body);
        }
        return nodes;
    }
}
