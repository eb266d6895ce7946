package dev.modelperf.query.routing;

import dev.modelperf.query.cluster.RetryableException;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.RoutingLayersReader;
import dev.modelperf.streams.stores.RoutingStats;
import dev.modelperf.streams.stores.RoutingStores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** The routing figures' stores of this instance, through interactive queries; not queryable yet is retried until the query deadline, then 503. */
public final class LocalRoutingStores implements RoutingLayersReader.Stores {

    private final KafkaStreams streams;

    public LocalRoutingStores(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public ReadOnlyWindowStore<String, RoutingStats> window(Resolution resolution) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(RoutingStores.storeName(resolution), QueryableStoreTypes.windowStore()));
        } catch (InvalidStateStoreException e) {
            throw new RetryableException("Routing figures are not queryable yet (the streams app is starting or rebalancing)");
        }
    }
}
