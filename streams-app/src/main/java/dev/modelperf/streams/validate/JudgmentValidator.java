package dev.modelperf.streams.validate;

import dev.modelperf.events.Judgment;
import dev.modelperf.schemas.validation.JudgmentRules;
import dev.modelperf.schemas.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and checks every consumed judgment, as {@link FeedbackValidator} does feedback: a record
 * that does not decode or breaks a {@link JudgmentRules rule} is forwarded as rejected with DLQ
 * headers; an accepted one carries its {@link DlqHeaders#markSource source}, which the join and the
 * limits name should they refuse it after a repartition.
 */
public final class JudgmentValidator extends ContextualProcessor<String, byte[], String, CheckedJudgment> {

    private final Deserializer<Judgment> deserializer;
    private final JudgmentRules rules;
    private DlqMeter rejections;

    public JudgmentValidator(Deserializer<Judgment> deserializer, JudgmentRules rules) {
        this.deserializer = deserializer;
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, CheckedJudgment> context) {
        super.init(context);
        rejections = new DlqMeter(context, "judgments");
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String reason = check(record);
        if (reason != null) {
            rejections.record(reason);
            RecordMetadata source = context().recordMetadata().orElseThrow();
            DlqHeaders.mark(record.headers(), reason, source.topic(), source.partition(), source.offset(),
                    context().currentSystemTimeMs());
            context().forward(record.withValue(CheckedJudgment.rejected(record.value(), reason)));
        }
    }

    private String check(Record<String, byte[]> record) {
        if (record.value() == null) {
            return "value is null (a tombstone): judgments are never deleted";
        }
        Judgment judgment;
        try {
            judgment = deserializer.deserialize(context().recordMetadata().map(RecordMetadata::topic).orElse(""),
                    record.headers(), record.value());
        } catch (SerializationException e) {
            return "cannot deserialize: " + e.getMessage();
        }
        List<Violation> violations = rules.check(judgment, context().currentSystemTimeMs());
        if (!violations.isEmpty()) {
            return "invalid: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        RecordMetadata source = context().recordMetadata().orElseThrow();
        DlqHeaders.markSource(headers, source.topic(), source.partition(), source.offset());
        context().forward(record.withValue(CheckedJudgment.accepted(judgment)).withHeaders(headers));
        return null;
    }
}
