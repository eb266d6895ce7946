package dev.modelperf.streams.feedback;

import dev.modelperf.streams.validate.DlqMeter;
import dev.modelperf.events.Feedback;
import dev.modelperf.events.Judgment;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.streams.validate.DlqHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Joins feedback to its call through a compact index (call id → tenant, category, model, time)
 * kept for a configurable time, instead of buffering whole calls. Input is keyed by tenant and
 * call id, so a call's reference and its feedback meet on one partition. Feedback that arrives
 * first waits (bounded) for its call; when the wait ends without one, it is emitted as unmatched
 * with DLQ headers ({@code call not found}). Feedback that names its model and category itself
 * never waits. Attributed feedback is re-keyed by tenant and model, the aggregates' key. Judgments
 * meet their call the very same way, through the same index, waiting in a store of their own.
 */
public final class FeedbackJoiner extends ContextualProcessor<String, JoinInput, String, JoinResult> {

    public static final String CALL_INDEX_STORE = "feedback-call-index";
    public static final String PENDING_STORE = "feedback-pending";
    public static final String PENDING_JUDGMENTS_STORE = "judgment-pending";
    /** Separates call id from feedback id in pending keys; ids are printable, so a prefix scan finds one call's feedback. */
    static final char PENDING_SEPARATOR = '\u0000';

    private final long holdMs;
    private final Duration checkInterval;
    private WindowStore<String, CallRef> index;
    private KeyValueStore<String, PendingFeedback> pending;
    private KeyValueStore<String, PendingJudgment> pendingJudgments;
    private DlqMeter unmatched;
    private DlqMeter unmatchedJudgments;

    public FeedbackJoiner(Duration hold, Duration checkInterval) {
        this.holdMs = hold.toMillis();
        this.checkInterval = checkInterval;
    }

    @Override
    public void init(ProcessorContext<String, JoinResult> context) {
        super.init(context);
        unmatched = new DlqMeter(context, "feedback");
        index = context.getStateStore(CALL_INDEX_STORE);
        pending = context.getStateStore(PENDING_STORE);
        unmatchedJudgments = new DlqMeter(context, "judgments");
        pendingJudgments = context.getStateStore(PENDING_JUDGMENTS_STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        JoinInput input = record.value();
        if (input.call() != null) {
            CallRef call = input.call();
            index.put(record.key(), call, call.timestampMs());
            release(record.key(), call);
            releaseJudgments(record.key(), call);
            return;
        }
        if (input.judgment() != null) {
            judge(record, input.judgment());
            return;
        }
        Feedback feedback = input.feedback();
        CallRef call = lookup(record.key());
        if (call == null && feedback.getModel() != null && feedback.getCategory() != null) {
            call = new CallRef(feedback.getTenant(), feedback.getCategory(), feedback.getModel(),
                    feedback.getTimestamp().toEpochMilli());
        }
        DlqHeaders.Source source = source(record);
        if (call != null) {
            forwardAttributed(feedback, call, record.timestamp(), source);
            return;
        }
        pending.put(record.key() + PENDING_SEPARATOR + feedback.getEventId(),
                new PendingFeedback(feedback, context().currentSystemTimeMs(), source.topic(), source.partition(), source.offset()));
    }

    /** As feedback: attributed to its call when known, else to the model and category it names, else held for its call. */
    private void judge(Record<String, JoinInput> record, Judgment judgment) {
        CallRef call = lookup(record.key());
        if (call == null && judgment.getModel() != null && judgment.getCategory() != null) {
            call = new CallRef(judgment.getTenant(), judgment.getCategory(), judgment.getModel(), judgment.getTimestamp().toEpochMilli());
        }
        DlqHeaders.Source source = source(record);
        if (call != null) {
            forwardJudged(judgment, call, record.timestamp(), source);
            return;
        }
        pendingJudgments.put(record.key() + PENDING_SEPARATOR + judgment.getEventId(),
                new PendingJudgment(judgment, context().currentSystemTimeMs(), source.topic(), source.partition(), source.offset()));
    }

    /**
     * Where the feedback was sent, as the validator marked it before the repartition; a record
     * repartitioned by an older version has no mark, and only the repartition topic to name.
     */
    private DlqHeaders.Source source(Record<String, JoinInput> record) {
        return DlqHeaders.source(record.headers()).orElseGet(() -> {
            RecordMetadata metadata = context().recordMetadata().orElseThrow();
            return new DlqHeaders.Source(metadata.topic(), metadata.partition(), metadata.offset());
        });
    }

    private CallRef lookup(String callKey) {
        CallRef found = null;
        try (WindowStoreIterator<CallRef> refs = index.fetch(callKey, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            while (refs.hasNext()) {
                found = refs.next().value;
            }
        }
        return found;
    }

    /** Forwards every event held for {@code callKey} with {@code attribute}, and forgets them. */
    private <P> void release(KeyValueStore<String, P> held, String callKey, Consumer<P> attribute) {
        List<String> released = new ArrayList<>();
        try (KeyValueIterator<String, P> waiting = held.prefixScan(callKey + PENDING_SEPARATOR, new StringSerializer())) {
            while (waiting.hasNext()) {
                KeyValue<String, P> entry = waiting.next();
                attribute.accept(entry.value);
                released.add(entry.key);
            }
        }
        released.forEach(held::delete);
    }

    private void release(String callKey, CallRef call) {
        release(pending, callKey, held -> forwardAttributed(held.feedback(), call, held.feedback().getTimestamp().toEpochMilli(),
                new DlqHeaders.Source(held.sourceTopic(), held.sourcePartition(), held.sourceOffset())));
    }

    private void releaseJudgments(String callKey, CallRef call) {
        release(pendingJudgments, callKey, held -> forwardJudged(held.judgment(), call, held.judgment().getTimestamp().toEpochMilli(),
                new DlqHeaders.Source(held.sourceTopic(), held.sourcePartition(), held.sourceOffset())));
    }

    private void forwardJudged(Judgment judgment, CallRef call, long timestamp, DlqHeaders.Source source) {
        forwardAttributed(JoinResult.attributed(new AttributedJudgment(judgment, call.category(), call.model(), call.timestampMs())),
                call, timestamp, source);
    }

    private void forwardAttributed(Feedback feedback, CallRef call, long timestamp, DlqHeaders.Source source) {
        forwardAttributed(JoinResult.attributed(new AttributedFeedback(feedback, call.category(), call.model(), call.timestampMs())),
                call, timestamp, source);
    }

    /** Forwards with its {@code source}, which the limits name should they refuse it after the next repartition. */
    private void forwardAttributed(JoinResult attributed, CallRef call, long timestamp, DlqHeaders.Source source) {
        RecordHeaders headers = new RecordHeaders();
        DlqHeaders.markSource(headers, source.topic(), source.partition(), source.offset());
        context().forward(new Record<>(new CallKey(call.tenant(), call.model()).encode(), attributed, timestamp, headers));
    }

    /** Sends every feedback and judgment that waited longer than the hold time to the DLQ. */
    void expire(long wallClockMs) {
        expire(pending, wallClockMs, "feedback", unmatched, held -> new Held(held.feedback().getCallEventId(),
                held.feedback().getTimestamp().toEpochMilli(), held.arrivedAtMs(), JoinResult.unmatched(held.feedback()),
                new DlqHeaders.Source(held.sourceTopic(), held.sourcePartition(), held.sourceOffset())));
        expire(pendingJudgments, wallClockMs, "judgment", unmatchedJudgments, held -> new Held(held.judgment().getCallEventId(),
                held.judgment().getTimestamp().toEpochMilli(), held.arrivedAtMs(), JoinResult.unmatched(held.judgment()),
                new DlqHeaders.Source(held.sourceTopic(), held.sourcePartition(), held.sourceOffset())));
    }

    /** What expiry needs of a held event, whichever its kind. */
    private record Held(String callEventId, long eventTimeMs, long arrivedAtMs, JoinResult unmatched, DlqHeaders.Source source) {
    }

    private <P> void expire(KeyValueStore<String, P> store, long wallClockMs, String kind, DlqMeter meter, Function<P, Held> describe) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, P> waiting = store.all()) {
            while (waiting.hasNext()) {
                KeyValue<String, P> entry = waiting.next();
                Held held = describe.apply(entry.value);
                if (held.arrivedAtMs() + holdMs > wallClockMs) {
                    continue;
                }
                RecordHeaders headers = new RecordHeaders();
                String reason = "call not found: no call with eventId " + held.callEventId()
                        + " arrived within " + Duration.ofMillis(holdMs) + " of this " + kind;
                meter.record(reason);
                DlqHeaders.mark(headers, reason, held.source().topic(), held.source().partition(), held.source().offset(), wallClockMs);
                context().forward(new Record<>(entry.key.substring(0, entry.key.indexOf(PENDING_SEPARATOR)), held.unmatched(),
                        held.eventTimeMs(), headers));
                expired.add(entry.key);
            }
        }
        expired.forEach(store::delete);
    }
}
