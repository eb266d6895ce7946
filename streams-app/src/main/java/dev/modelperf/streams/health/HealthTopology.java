package dev.modelperf.streams.health;

import dev.modelperf.events.Alert;
import dev.modelperf.events.ModelCall;
import dev.modelperf.events.ModelHealth;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.stores.QueryableStores;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The health part of the topology: the blacklist processor on the accepted calls, with its
 * RocksDB store (changelogged, so restored after a restart or a move), its sinks to the compacted
 * health topic and the alerts topic, and a global store over the health topic that gives every
 * task (for the safety valve) and every instance (for the HTTP API) all tenants' models.
 */
public final class HealthTopology {

    /** Per tenant|model blacklist state of this task's partitions. */
    public static final String HEALTH_STATE = "health-state";
    static final String PROCESSOR = "calls-health";
    static final String HEALTH_SINK = "health-sink";
    static final String ALERTS_SINK = "alerts-sink";

    private HealthTopology() {
    }

    /**
     * Adds health tracking of {@code calls} (accepted calls keyed tenant|model) to {@code builder};
     * its sinks wait out a registry outage as {@code patience} allows.
     */
    public static void attach(StreamsBuilder builder, KStream<String, ModelCall> calls, Topics topics, HealthPolicy policy,
                              SchemaRegistry registry, RegistryPatience patience) {
        // The global thread holds no transaction and its death stops the process: it waits out a registry outage.
        Serde<ModelHealth> healthSerde = AvroSerdes.specific(ModelHealth.getClassSchema(), registry, RegistryPatience.UNTIL_BACK);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(QueryableStores.HEALTH_GLOBAL), Serdes.String(), healthSerde)
                        // The compacted health topic is this store's changelog already.
                        .withLoggingDisabled(),
                topics.health(),
                Consumed.with(Serdes.String(), healthSerde).withName(QueryableStores.HEALTH_GLOBAL),
                GlobalHealthUpdater::new);

        KStream<String, SpecificRecord> published = calls.process(tracker(policy), Named.as(PROCESSOR));
        // The tracker forwards each record to the one sink its type belongs to.
        published.to(topics.health(), Produced.with(Serdes.String(),
                AvroSerdes.<SpecificRecord>specific(ModelHealth.getClassSchema(), registry, patience)).withName(HEALTH_SINK));
        published.to(topics.alerts(), Produced.with(Serdes.String(),
                AvroSerdes.<SpecificRecord>specific(Alert.getClassSchema(), registry, patience)).withName(ALERTS_SINK));
    }

    private static ProcessorSupplier<String, ModelCall, String, SpecificRecord> tracker(HealthPolicy policy) {
        StoreBuilder<KeyValueStore<String, HealthState>> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(HEALTH_STATE), Serdes.String(), new HealthStateSerde())
                .withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ModelCall, String, SpecificRecord> get() {
                return new HealthTracker(policy);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }
}
