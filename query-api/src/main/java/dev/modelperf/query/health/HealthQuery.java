package dev.modelperf.query.health;

import dev.modelperf.events.ModelHealth;
import dev.modelperf.query.UnavailableException;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.streams.stores.QueryableStores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads model health from the global health store, which every instance holds in full: any
 * instance answers for every tenant and model without forwarding. It lags the owning task by
 * about a commit interval (the health topic is written transactionally).
 */
public final class HealthQuery {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;

    public HealthQuery(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Every model of {@code tenant}, ordered by name. */
    public List<ModelHealth> tenant(String tenant) {
        List<ModelHealth> models = new ArrayList<>();
        try (KeyValueIterator<String, ModelHealth> entries = store().prefixScan(CallKey.tenantPrefix(tenant), KEYS)) {
            entries.forEachRemaining(entry -> models.add(entry.value));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        return models;
    }

    /** Every model of {@code tenant}, by name: what rankings and recommendations look each model up in. */
    public Map<String, ModelHealth> byModel(String tenant) {
        Map<String, ModelHealth> models = new HashMap<>();
        tenant(tenant).forEach(health -> models.put(health.getModel(), health));
        return models;
    }

    public Optional<ModelHealth> model(String tenant, String model) {
        try {
            return Optional.ofNullable(store().get(new CallKey(tenant, model).encode()));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    /** How many models each tenant has blacklisted now (0 for a tenant with none), for {@code /metrics}. */
    public Map<String, Long> blacklistedByTenant() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (KeyValueIterator<String, ModelHealth> entries = store().all()) {
            entries.forEachRemaining(entry -> counts.merge(entry.value.getTenant(),
                    entry.value.getStatus() == dev.modelperf.events.HealthStatus.BLACKLISTED ? 1L : 0L, Long::sum));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
        return counts;
    }

    private ReadOnlyKeyValueStore<String, ModelHealth> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(QueryableStores.HEALTH_GLOBAL, QueryableStoreTypes.keyValueStore()));
    }

    private static UnavailableException unavailable(InvalidStateStoreException e) {
        return new UnavailableException("Model health is not queryable yet (the streams app is starting)", e);
    }
}
