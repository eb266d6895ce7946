package dev.modelperf.query.ratings;

import dev.modelperf.query.cluster.RetryableException;
import dev.modelperf.streams.comparison.LevelRatings;
import dev.modelperf.streams.comparison.RatingStores;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** This instance's ratings store, through interactive queries; not queryable yet is retried until the query deadline, then 503. */
public final class LocalRatings {

    private final KafkaStreams streams;

    public LocalRatings(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The ratings of a tenant's level; empty when it has had no comparison within the longest window. */
    public Optional<LevelRatings> level(String tenant, String level) {
        ReadOnlyKeyValueStore<String, LevelRatings> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(RatingStores.RATINGS, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(RatingStores.key(tenant, level)));
        } catch (InvalidStateStoreException e) {
            throw new RetryableException("Ratings are not queryable yet (the streams app is starting or rebalancing)");
        }
    }
}
