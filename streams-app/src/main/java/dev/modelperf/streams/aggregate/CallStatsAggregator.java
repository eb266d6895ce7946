package dev.modelperf.streams.aggregate;

import dev.modelperf.events.ModelCall;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Adds each call to its (tenant, category, model) aggregate in a tumbling window of the call's
 * event time. The record key is (tenant, model), so every aggregate key lives on the partition
 * the call arrived on: no repartition topic.
 */
public final class CallStatsAggregator implements Processor<String, ModelCall, Void, Void> {

    private final String storeName;
    private final long windowSizeMs;
    private WindowStore<String, CallStats> store;

    public CallStatsAggregator(String storeName, long windowSizeMs) {
        this.storeName = storeName;
        this.windowSizeMs = windowSizeMs;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, ModelCall> record) {
        ModelCall call = record.value();
        long timestamp = call.getTimestamp().toEpochMilli();
        long windowStart = timestamp - Math.floorMod(timestamp, windowSizeMs);
        String key = new StatsKey(call.getTenant(), call.getCategory(), call.getModel()).encode();
        CallStats stats = store.fetch(key, windowStart);
        store.put(key, (stats == null ? new CallStats() : stats).add(call), windowStart);
    }
}
