package dev.modelperf.streams.comparison;

import dev.modelperf.events.Comparison;
import dev.modelperf.schemas.keys.ComparisonKey;
import dev.modelperf.schemas.validation.ComparisonRules;
import dev.modelperf.schemas.validation.Violation;
import dev.modelperf.streams.config.Durations;
import dev.modelperf.streams.validate.DlqHeaders;
import dev.modelperf.streams.validate.DlqMeter;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and checks every consumed comparison. A record that does not decode, breaks a
 * {@link ComparisonRules} rule, is older than the ratings' {@link RatingWindow#HORIZON} (it would
 * enter no window) or is not keyed {@code tenant|eventId} (copies of one comparison must meet on
 * one partition to be counted once) is forwarded as rejected with DLQ headers, and processing goes on.
 */
final class ComparisonValidator extends ContextualProcessor<String, byte[], String, CheckedComparison> {

    static final String SOURCE = "comparisons";

    private final Deserializer<Comparison> deserializer;
    private final ComparisonRules rules;
    private DlqMeter rejections;

    ComparisonValidator(Deserializer<Comparison> deserializer, ComparisonRules rules) {
        this.deserializer = deserializer;
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, CheckedComparison> context) {
        super.init(context);
        rejections = new DlqMeter(context, SOURCE);
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
        context().forward(record.withValue(CheckedComparison.rejected(record.value(), reason)));
    }

    /** Forwards the accepted comparison and returns null, or returns why the record is refused. */
    private String check(Record<String, byte[]> record) {
        if (record.value() == null) {
            return "value is null (a tombstone): comparisons are never deleted";
        }
        Comparison comparison;
        try {
            comparison = deserializer.deserialize(context().recordMetadata().map(RecordMetadata::topic).orElse(""), record.headers(),
                    record.value());
        } catch (SerializationException e) {
            return "cannot deserialize: " + e.getMessage();
        }
        long now = context().currentSystemTimeMs();
        List<Violation> violations = rules.check(comparison, now);
        if (!violations.isEmpty()) {
            return "invalid: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        }
        long timestamp = comparison.getTimestamp().toEpochMilli();
        if (timestamp < now - RatingWindow.HORIZON.toMillis()) {
            return "invalid: timestamp: must be within the last " + Durations.format(RatingWindow.HORIZON)
                    + ", the longest ratings window (was " + comparison.getTimestamp() + ")";
        }
        String expectedKey = new ComparisonKey(comparison.getTenant(), comparison.getEventId()).encode();
        if (!expectedKey.equals(record.key())) {
            return "key must be tenant|eventId (" + expectedKey + ") so that copies of one comparison meet on one partition (was "
                    + record.key() + ")";
        }
        context().forward(record.withValue(CheckedComparison.accepted(comparison)).withTimestamp(timestamp));
        return null;
    }
}
