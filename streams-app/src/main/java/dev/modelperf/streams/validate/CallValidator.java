package dev.modelperf.streams.validate;

import dev.modelperf.events.ModelCall;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.schemas.validation.Violation;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and checks every consumed call. A record that does not decode, breaks a
 * {@link ModelCallRules rule}, sits on a key other than its tenant and model, or is older than the
 * aggregates still keep, is forwarded as rejected with DLQ headers naming the reason, source
 * topic, partition and offset; processing goes on with the next record.
 */
public final class CallValidator extends ContextualProcessor<String, byte[], String, CheckedCall> {

    private final Deserializer<ModelCall> deserializer;
    private final ModelCallRules rules;
    private final long lateAfterMs;
    private DlqMeter rejections;

    /** {@code lateAfter}: how far behind stream time a call may be and still reach every aggregate. */
    public CallValidator(Deserializer<ModelCall> deserializer, ModelCallRules rules, Duration lateAfter) {
        this.deserializer = deserializer;
        this.rules = rules;
        this.lateAfterMs = lateAfter.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, CheckedCall> context) {
        super.init(context);
        rejections = new DlqMeter(context, "calls");
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
        context().forward(record.withValue(CheckedCall.rejected(record.value(), reason)));
    }

    /** Forwards the accepted call and returns null, or returns why the record is refused. */
    private String check(Record<String, byte[]> record) {
        if (record.value() == null) {
            return "value is null (a tombstone): calls are never deleted";
        }
        String topic = context().recordMetadata().map(RecordMetadata::topic).orElse("");
        ModelCall call;
        try {
            call = deserializer.deserialize(topic, record.headers(), record.value());
        } catch (SerializationException e) {
            return "cannot deserialize: " + e.getMessage();
        }
        List<Violation> violations = rules.check(call, context().currentSystemTimeMs());
        if (!violations.isEmpty()) {
            return "invalid: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        }
        String expectedKey = new CallKey(call.getTenant(), call.getModel()).encode();
        if (!expectedKey.equals(record.key())) {
            return "key must be tenant|model of the call (" + expectedKey + ") so that per-model state stays on one partition (was "
                    + record.key() + ")";
        }
        long behind = context().currentStreamTimeMs() - call.getTimestamp().toEpochMilli();
        if (behind > lateAfterMs) {
            return "too late: timestamp is " + behind + " ms behind stream time, the aggregates keep " + lateAfterMs + " ms";
        }
        context().forward(record.withValue(CheckedCall.accepted(call)).withTimestamp(call.getTimestamp().toEpochMilli()));
        return null;
    }
}
