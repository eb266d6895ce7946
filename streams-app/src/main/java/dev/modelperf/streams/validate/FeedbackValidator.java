package dev.modelperf.streams.validate;

import dev.modelperf.events.Feedback;
import dev.modelperf.schemas.validation.FeedbackRules;
import dev.modelperf.schemas.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and checks every consumed feedback; a record that does not decode or breaks a
 * {@link FeedbackRules rule} is forwarded as rejected with DLQ headers, and processing goes on.
 * Accepted feedback carries its {@link DlqHeaders#markSource source}: the join and the limits may
 * refuse it after a repartition, and the DLQ record must name the feedback topic, not theirs.
 */
public final class FeedbackValidator extends ContextualProcessor<String, byte[], String, CheckedFeedback> {

    private final Deserializer<Feedback> deserializer;
    private final FeedbackRules rules;

    private DlqMeter rejections;

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, CheckedFeedback> context) {
        super.init(context);
        rejections = new DlqMeter(context, "feedback");
    }

    public FeedbackValidator(Deserializer<Feedback> deserializer, FeedbackRules rules) {
        this.deserializer = deserializer;
        this.rules = rules;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String reason = check(record);
        if (reason != null) {
            rejections.record(reason);
            RecordMetadata source = context().recordMetadata().orElseThrow();
            DlqHeaders.mark(record.headers(), reason, source.topic(), source.partition(), source.offset(),
                    context().currentSystemTimeMs());
            context().forward(record.withValue(CheckedFeedback.rejected(record.value(), reason)));
        }
    }

    private String check(Record<String, byte[]> record) {
        if (record.value() == null) {
            return "value is null (a tombstone): feedback is never deleted";
        }
        Feedback feedback;
        try {
            feedback = deserializer.deserialize(context().recordMetadata().map(RecordMetadata::topic).orElse(""),
                    record.headers(), record.value());
        } catch (SerializationException e) {
            return "cannot deserialize: " + e.getMessage();
        }
        List<Violation> violations = rules.check(feedback, context().currentSystemTimeMs());
        if (!violations.isEmpty()) {
            return "invalid: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        RecordMetadata source = context().recordMetadata().orElseThrow();
        DlqHeaders.markSource(headers, source.topic(), source.partition(), source.offset());
        context().forward(record.withValue(CheckedFeedback.accepted(feedback)).withHeaders(headers));
        return null;
    }
}
