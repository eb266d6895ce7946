package dev.modelperf.streams.limit;

import dev.modelperf.events.ModelCall;
import dev.modelperf.streams.validate.DlqHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Takes an admitted call back on its model's partition: remembers its model and category as
 * admitted there, so that the next calls pass the {@link NameGate} at once, and sends it on
 * without the source headers it travelled with.
 */
final class NameLearner extends ContextualProcessor<String, ModelCall, String, ModelCall> {

    private KeyValueStore<String, Long> admitted;

    @Override
    public void init(ProcessorContext<String, ModelCall> context) {
        super.init(context);
        admitted = context.getStateStore(LimitTopology.NAMES_ADMITTED);
    }

    @Override
    public void process(Record<String, ModelCall> record) {
        ModelCall call = record.value();
        admitted.put(KnownNames.model(call.getTenant(), call.getModel()), record.timestamp());
        admitted.put(KnownNames.category(call.getTenant(), call.getCategory()), record.timestamp());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DlqHeaders.dropSource(headers);
        context().forward(record.withHeaders(headers));
    }
}
