package dev.modelperf.query.ensemble;

import dev.modelperf.query.cluster.RetryableException;
import dev.modelperf.routing.ensemble.EnsembleState;
import dev.modelperf.streams.ensemble.EnsembleReader;
import dev.modelperf.streams.ensemble.EnsembleStores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** This instance's ensemble day buckets, through interactive queries; not queryable yet is retried until the query deadline, then 503. */
public final class LocalEnsembleStore implements EnsembleReader.Store {

    private final KafkaStreams streams;

    public LocalEnsembleStore(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public ReadOnlyWindowStore<String, EnsembleState> days() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(EnsembleStores.DAYS, QueryableStoreTypes.windowStore()));
        } catch (InvalidStateStoreException e) {
            throw new RetryableException("Ensemble figures are not queryable yet (the streams app is starting or rebalancing)");
        }
    }
}
