package dev.modelperf.streams.cascade;

import dev.modelperf.schemas.validation.Violation;
import dev.modelperf.streams.validate.DlqHeaders;
import dev.modelperf.streams.validate.DlqMeter;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and checks every consumed routing decision or outcome. A record that does not decode,
 * breaks a rule, or is not keyed by its decision id (decisions and outcomes meet on the partition
 * that key puts them) is forwarded as rejected with DLQ headers, and processing goes on.
 */
final class RoutingEventValidator<T> extends ContextualProcessor<String, byte[], String, Checked<T>> {

    /** The rules of one event type, judged at a wall-clock time. */
    interface Rules<T> {
        List<Violation> check(T event, long nowMs);
    }

    private final String source;
    private final Deserializer<T> deserializer;
    private final Rules<T> rules;
    private final Function<T, String> decisionId;
    private final Function<T, Long> timestampMs;
    private DlqMeter rejections;

    RoutingEventValidator(String source, Deserializer<T> deserializer, Rules<T> rules, Function<T, String> decisionId,
                          Function<T, Long> timestampMs) {
        this.source = source;
        this.deserializer = deserializer;
        this.rules = rules;
        this.decisionId = decisionId;
        this.timestampMs = timestampMs;
    }

    @Override
    public void init(ProcessorContext<String, Checked<T>> context) {
        super.init(context);
        rejections = new DlqMeter(context, source);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String reason = check(record);
        if (reason == null) {
            return;
        }
        rejections.record(reason);
        RecordMetadata metadata = context().recordMetadata().orElseThrow();
        DlqHeaders.mark(record.headers(), reason, metadata.topic(), metadata.partition(), metadata.offset(),
                context().currentSystemTimeMs());
        context().forward(record.withValue(Checked.rejected(record.value(), reason)));
    }

    /** Forwards the accepted event and returns null, or returns why the record is refused. */
    private String check(Record<String, byte[]> record) {
        if (record.value() == null) {
            return "value is null (a tombstone): routing events are never deleted";
        }
        T event;
        try {
            event = deserializer.deserialize(context().recordMetadata().map(RecordMetadata::topic).orElse(""), record.headers(),
                    record.value());
        } catch (SerializationException e) {
            return "cannot deserialize: " + e.getMessage();
        }
        List<Violation> violations = rules.check(event, context().currentSystemTimeMs());
        if (!violations.isEmpty()) {
            return "invalid: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        }
        String expectedKey = decisionId.apply(event);
        if (!expectedKey.equals(record.key())) {
            return "key must be the decisionId (" + expectedKey + ") so that a decision and its outcome meet on one partition (was "
                    + record.key() + ")";
        }
        context().forward(record.withValue(Checked.accepted(event)).withTimestamp(timestampMs.apply(event)));
        return null;
    }
}
