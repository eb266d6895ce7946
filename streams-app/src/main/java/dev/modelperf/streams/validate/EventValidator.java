package dev.modelperf.streams.validate;

import dev.modelperf.schemas.validation.Violation;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and checks every consumed event of one type. A record that is a tombstone, does not
 * decode, breaks a rule or fails the event type's own {@link Check} is forwarded as rejected with
 * DLQ headers naming the reason, source topic, partition and offset; processing goes on with the
 * next record. Built from a {@link Validation}, which tells what differs between event types.
 */
public final class EventValidator<T> extends ContextualProcessor<String, byte[], String, Checked<T>> {

    /** The rules of one event type, judged at a wall-clock time. */
    @FunctionalInterface
    public interface Rules<T> {
        List<Violation> check(T event, long nowMs);
    }

    /** A check beyond the rules, for what they cannot see: the record's key and the stream's clock. */
    @FunctionalInterface
    public interface Check<T> {
        /** Why the event is refused, worded as a DLQ reason, or null if it passes. */
        String refusal(T event, String key, long nowMs, long streamTimeMs);
    }

    /**
     * What a validator needs to know about one event type. {@code source} tags the DLQ meter;
     * {@code tombstone} is the reason a null value is refused; {@code eventTimeMs}, when set, makes
     * the event's own time the accepted record's timestamp, so that windows downstream follow it;
     * {@code markSource} puts the source coordinates on accepted records, for a processor past a
     * repartition that refuses the event and must name the topic it was read from.
     */
    public record Validation<T>(String source, String tombstone, Deserializer<T> deserializer, Rules<T> rules, Check<T> check,
                                ToLongFunction<T> eventTimeMs, boolean markSource)
            implements ProcessorSupplier<String, byte[], String, Checked<T>> {

        /** Decoding and the rules only; the record keeps its timestamp and headers. */
        public static <T> Validation<T> of(String source, String tombstone, Deserializer<T> deserializer, Rules<T> rules) {
            return new Validation<>(source, tombstone, deserializer, rules, (event, key, nowMs, streamTimeMs) -> null, null, false);
        }

        public Validation<T> withCheck(Check<T> check) {
            return new Validation<>(source, tombstone, deserializer, rules, check, eventTimeMs, markSource);
        }

        public Validation<T> withEventTime(ToLongFunction<T> eventTimeMs) {
            return new Validation<>(source, tombstone, deserializer, rules, check, eventTimeMs, markSource);
        }

        public Validation<T> markingSource() {
            return new Validation<>(source, tombstone, deserializer, rules, check, eventTimeMs, true);
        }

        @Override
        public EventValidator<T> get() {
            return new EventValidator<>(this);
        }
    }

    private final Validation<T> validation;
    private DlqMeter rejections;

    private EventValidator(Validation<T> validation) {
        this.validation = validation;
    }

    @Override
    public void init(ProcessorContext<String, Checked<T>> context) {
        super.init(context);
        rejections = new DlqMeter(context, validation.source());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String reason = check(record);
        if (reason == null) {
            return;
        }
        rejections.record(reason);
        RecordMetadata source = context().recordMetadata().orElseThrow();
        DlqHeaders.mark(record.headers(), reason, source.topic(), source.partition(), source.offset(),
                context().currentSystemTimeMs());
        context().forward(record.withValue(Checked.rejected(record.value(), reason)));
    }

    /** Forwards the accepted event and returns null, or returns why the record is refused. */
    private String check(Record<String, byte[]> record) {
        if (record.value() == null) {
            return "value is null (a tombstone): " + validation.tombstone();
        }
        T event;
        try {
            event = validation.deserializer().deserialize(context().recordMetadata().map(RecordMetadata::topic).orElse(""),
                    record.headers(), record.value());
        } catch (SerializationException e) {
            return "cannot deserialize: " + e.getMessage();
        }
        long nowMs = context().currentSystemTimeMs();
        List<Violation> violations = validation.rules().check(event, nowMs);
        if (!violations.isEmpty()) {
            return "invalid: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        }
        String refusal = validation.check().refusal(event, record.key(), nowMs, context().currentStreamTimeMs());
        if (refusal != null) {
            return refusal;
        }
        context().forward(accepted(record, event));
        return null;
    }

    private Record<String, Checked<T>> accepted(Record<String, byte[]> record, T event) {
        Record<String, Checked<T>> accepted = record.withValue(Checked.accepted(event));
        if (validation.eventTimeMs() != null) {
            accepted = accepted.withTimestamp(validation.eventTimeMs().applyAsLong(event));
        }
        if (validation.markSource()) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            RecordMetadata source = context().recordMetadata().orElseThrow();
            DlqHeaders.markSource(headers, source.topic(), source.partition(), source.offset());
            accepted = accepted.withHeaders(headers);
        }
        return accepted;
    }
}
