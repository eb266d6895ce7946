package dev.modelperf.streams.alert;

import dev.modelperf.events.Alert;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.streams.aggregate.ClosedMinutes;
import dev.modelperf.streams.stores.QueryableStores;
import dev.modelperf.streams.stores.Resolution;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The alerting part of the topology: the rule evaluator on the aggregator's closed minutes (same
 * sub-topology, reading the 1-minute store directly), its sink to the alerts topic, and a global
 * store over the alerts topic (rule and health alerts alike) so that every instance answers
 * {@code GET /api/v1/alerts} without forwarding.
 */
public final class AlertTopology {

    static final String PROCESSOR = "alerts-evaluate";
    static final String SINK = "alert-rules-sink";

    private AlertTopology() {
    }

    /**
     * Evaluates {@code settings.rules()} on each batch of {@code closed} minutes; its sink waits out
     * a registry outage as {@code patience} allows.
     */
    public static void attach(StreamsBuilder builder, KStream<Void, ClosedMinutes> closed, Topics topics, AlertSettings settings,
                              SchemaRegistry registry, RegistryPatience patience) {
        Serde<Alert> alertSerde = AvroSerdes.specific(Alert.getClassSchema(), registry, patience);
        closed.process(evaluator(settings.rules().rules()), Named.as(PROCESSOR), Resolution.MINUTE.storeName())
                .to(topics.alerts(), Produced.with(Serdes.String(), alertSerde).withName(SINK));
        Duration keepResolved = settings.resolvedRetention();
        // The global thread holds no transaction and its death stops the process: it waits out a registry outage.
        Serde<Alert> globalAlertSerde = AvroSerdes.specific(Alert.getClassSchema(), registry, RegistryPatience.UNTIL_BACK);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(QueryableStores.ALERTS_GLOBAL), Serdes.String(), globalAlertSerde)
                        // The alerts topic is this store's changelog already.
                        .withLoggingDisabled(),
                topics.alerts(),
                Consumed.with(Serdes.String(), globalAlertSerde).withName(QueryableStores.ALERTS_GLOBAL),
                () -> new GlobalAlertsUpdater(keepResolved));
    }

    private static ProcessorSupplier<Void, ClosedMinutes, String, Alert> evaluator(List<AlertRule> rules) {
        // Ordered: the pinned topology description lists the stores in this order.
        Set<StoreBuilder<?>> stores = new LinkedHashSet<>(List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertEvaluator.BASELINE_STORE), Serdes.String(), Baseline.serde()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertEvaluator.STATE_STORE), Serdes.String(), new RuleStateSerde())));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<Void, ClosedMinutes, String, Alert> get() {
                return new AlertEvaluator(rules);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }
}
