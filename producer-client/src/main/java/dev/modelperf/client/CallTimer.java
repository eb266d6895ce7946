package dev.modelperf.client;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.Complexity;
import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.EventIds;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Times one LLM call from {@link ModelPerfClient#start} and records it when it ends:
 * <pre>{@code
 * CallTimer t = client.start("openai/gpt-4o", "openai", "code/backend/api");
 * try {
 *     Response r = llm.call(prompt);
 *     t.success(r.usage().inputTokens(), r.usage().outputTokens());
 * } catch (Exception e) {
 *     t.failure(e);           // or t.failure(httpStatus)
 *     throw e;
 * }
 * }</pre>
 * Latency is measured with the monotonic clock; the event time is the start. A timer records
 * once: a second {@code success}/{@code failure} throws {@link IllegalStateException}.
 */
public final class CallTimer {

    private final ModelPerfClient client;
    private final Instant startedAt;
    private final long startedNanos;
    private final ModelCall.Builder call;
    private final Map<String, String> attributes = new HashMap<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long firstTokenNanos = -1;

    CallTimer(ModelPerfClient client, Clock clock, String model, String provider, String category) {
        this.client = client;
        this.startedAt = clock.instant();
        this.startedNanos = System.nanoTime();
        this.call = ModelCall.newBuilder()
                .setEventId(EventIds.newId())
                .setTimestamp(startedAt)
                .setTenant(client.tenant())
                .setModel(model)
                .setProvider(provider)
                .setCategory(category);
    }

    /** The id the call will be recorded under: what {@code Feedback.callEventId} refers to later. */
    public String eventId() {
        return call.getEventId();
    }

    public CallTimer operation(String operation) {
        call.setOperation(operation);
        return this;
    }

    public CallTimer complexity(Complexity complexity) {
        call.setComplexity(complexity);
        return this;
    }

    public CallTimer conversationId(String conversationId) {
        call.setConversationId(conversationId);
        return this;
    }

    /** A pseudonymous user id (never an e-mail address or a name). */
    public CallTimer userId(String userId) {
        call.setUserId(userId);
        return this;
    }

    /** The call's cost when the caller knows it; otherwise the pipeline's price table applies. */
    public CallTimer costUsd(double costUsd) {
        call.setCostUsd(costUsd);
        return this;
    }

    public CallTimer qualityScore(double qualityScore) {
        call.setQualityScore(qualityScore);
        return this;
    }

    public CallTimer attribute(String key, String value) {
        attributes.put(key, value);
        return this;
    }

    /** Marks the first streamed token (or chunk) now; only the first mark counts. */
    public CallTimer firstToken() {
        if (firstTokenNanos < 0) {
            firstTokenNanos = System.nanoTime();
        }
        return this;
    }

    /** Records the call as successful. */
    public CompletableFuture<RecordMetadata> success(long inputTokens, long outputTokens) {
        return end(CallStatus.OK, null, null, inputTokens, outputTokens);
    }

    /** Records the call as failed with {@code error}, classified by {@link FailureClassifier#of(Throwable)}. */
    public CompletableFuture<RecordMetadata> failure(Throwable error) {
        return failure(FailureClassifier.of(error));
    }

    /** Records the call as failed with HTTP {@code status} (400-599). */
    public CompletableFuture<RecordMetadata> failure(int httpStatus) {
        return failure(FailureClassifier.ofHttpStatus(httpStatus));
    }

    /** Records the call as failed with HTTP {@code status} and the provider's error message or body. */
    public CompletableFuture<RecordMetadata> failure(int httpStatus, String message) {
        return failure(FailureClassifier.ofHttpStatus(httpStatus, message));
    }

    /** Records the call as failed as {@code failure} says (e.g. a 200 answer whose finish reason was a content filter). */
    public CompletableFuture<RecordMetadata> failure(Failure failure) {
        return end(failure.status(), failure.errorType(), failure.message(), 0, 0);
    }

    private CompletableFuture<RecordMetadata> end(CallStatus status, String errorType, String errorMessage,
                                                  long inputTokens, long outputTokens) {
        long now = System.nanoTime();
        if (!ended.compareAndSet(false, true)) {
            throw new IllegalStateException("CallTimer for call " + eventId() + " has already recorded its call");
        }
        long firstToken = firstTokenNanos;
        ModelCall built = call
                .setLatencyMs(TimeUnit.NANOSECONDS.toMillis(now - startedNanos))
                .setTimeToFirstTokenMs(firstToken < 0 ? null : TimeUnit.NANOSECONDS.toMillis(firstToken - startedNanos))
                .setInputTokens(inputTokens)
                .setOutputTokens(outputTokens)
                .setStatus(status)
                .setErrorType(errorType)
                .setErrorMessage(errorMessage)
                .setAttributes(attributes)
                .build();
        return client.record(built);
    }
}
