package dev.modelperf.streams.limit;

import dev.modelperf.events.ModelCall;
import dev.modelperf.streams.validate.DlqHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Lets a call through at once when this partition already knows its model and category as
 * admitted (nearly every call); any other call must ask its tenant's partition, and carries its
 * source topic, partition and offset in headers there, in case it ends in the DLQ.
 */
final class NameGate extends ContextualProcessor<String, ModelCall, String, GatedCall> {

    private KeyValueStore<String, Long> admitted;

    @Override
    public void init(ProcessorContext<String, GatedCall> context) {
        super.init(context);
        admitted = context.getStateStore(LimitTopology.NAMES_ADMITTED);
    }

    @Override
    public void process(Record<String, ModelCall> record) {
        ModelCall call = record.value();
        if (admitted.get(KnownNames.model(call.getTenant(), call.getModel())) != null && admitted.get(KnownNames.category(call.getTenant(), call.getCategory())) != null) {
            context().forward(record.withValue(new GatedCall(call, true)));
            return;
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        RecordMetadata source = context().recordMetadata().orElseThrow();
        DlqHeaders.markSource(headers, source.topic(), source.partition(), source.offset());
        context().forward(record.withValue(new GatedCall(call, false)).withHeaders(headers));
    }
}
