package dev.modelperf.query.stats;

import dev.modelperf.query.UnavailableException;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.QueryableStores;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsReader;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** The aggregate stores of this instance, through interactive queries; not queryable yet means 503. */
public final class LocalStatsStores implements StatsReader.Stores {

    private final KafkaStreams streams;

    public LocalStatsStores(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public ReadOnlyWindowStore<String, CallStats> window(Resolution resolution) {
        return store(resolution.storeName(), QueryableStoreTypes.windowStore());
    }

    @Override
    public ReadOnlyKeyValueStore<String, Long> foldProgress() {
        return store(QueryableStores.FOLD_PROGRESS, QueryableStoreTypes.keyValueStore());
    }

    private <T> T store(String name, QueryableStoreType<T> type) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, type));
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException("Call statistics are not queryable yet (the streams app is starting or rebalancing)", e);
        }
    }
}
