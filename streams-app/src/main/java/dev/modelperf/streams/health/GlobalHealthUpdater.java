package dev.modelperf.streams.health;

import dev.modelperf.events.ModelHealth;
import dev.modelperf.streams.stores.QueryableStores;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global health store equal to the compacted health topic: the latest record per tenant|model. */
final class GlobalHealthUpdater implements Processor<String, ModelHealth, Void, Void> {

    private KeyValueStore<String, ModelHealth> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(QueryableStores.HEALTH_GLOBAL);
    }

    @Override
    public void process(Record<String, ModelHealth> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
