package dev.modelperf.streams.alert;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.streams.stores.QueryableStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest Alert per fingerprint. RESOLVED alerts older than {@code keepResolved} are
 * dropped, at most once an hour of alert time (global processors cannot schedule punctuators), so
 * the store holds the firing alerts and the recent past only.
 */
final class GlobalAlertsUpdater implements Processor<String, Alert, Void, Void> {

    private static final long PRUNE_EVERY_MS = Duration.ofHours(1).toMillis();

    private final long keepResolvedMs;
    private KeyValueStore<String, Alert> store;
    private long prunedAt;

    GlobalAlertsUpdater(Duration keepResolved) {
        this.keepResolvedMs = keepResolved.toMillis();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(QueryableStores.ALERTS_GLOBAL);
    }

    @Override
    public void process(Record<String, Alert> record) {
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        store.put(record.key(), record.value());
        long now = record.value().getEmittedAt().toEpochMilli();
        if (now - prunedAt >= PRUNE_EVERY_MS) {
            prunedAt = now;
            prune(now - keepResolvedMs);
        }
    }

    private void prune(long resolvedBefore) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Alert> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.getState() == AlertState.RESOLVED && entry.value.getEmittedAt().toEpochMilli() < resolvedBefore) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(store::delete);
    }
}
