package dev.modelperf.query.alerts;

import dev.modelperf.events.Alert;
import dev.modelperf.query.UnavailableException;
import dev.modelperf.streams.stores.QueryableStores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the latest state of every alert from the global alerts store, which every instance holds
 * in full (rule alerts and health alerts alike), so any instance answers without forwarding.
 */
public final class AlertsQuery {

    private final KafkaStreams streams;

    public AlertsQuery(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The alerts that pass {@code filter}, most recently changed first. */
    public List<Alert> alerts(Predicate<Alert> filter) {
        List<Alert> alerts = new ArrayList<>();
        try (KeyValueIterator<String, Alert> all = store().all()) {
            all.forEachRemaining(entry -> {
                if (filter.test(entry.value)) {
                    alerts.add(entry.value);
                }
            });
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException("Alerts are not queryable yet (the streams app is starting)", e);
        }
        alerts.sort(Comparator.comparing(Alert::getEmittedAt).reversed().thenComparing(Alert::getFingerprint));
        return alerts;
    }

    private ReadOnlyKeyValueStore<String, Alert> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(QueryableStores.ALERTS_GLOBAL, QueryableStoreTypes.keyValueStore()));
    }
}
