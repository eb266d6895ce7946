package dev.modelperf.streams.cascade;

import dev.modelperf.events.Alert;
import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryAvroSerializer;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.schemas.topics.Topics;
import dev.modelperf.schemas.validation.RoutingDecisionRules;
import dev.modelperf.schemas.validation.RoutingOutcomeRules;
import dev.modelperf.streams.aggregate.AggregateSettings;
import dev.modelperf.streams.alert.AlertSettings;
import dev.modelperf.streams.alert.RoutingAlertEvaluator;
import dev.modelperf.streams.alert.RuleStateSerde;
import dev.modelperf.streams.dedup.Deduplication;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.RoutingStats;
import dev.modelperf.streams.stores.RoutingStatsSerde;
import dev.modelperf.streams.stores.RoutingStores;
import dev.modelperf.streams.validate.Checked;
import dev.modelperf.streams.validate.EventValidator;
import dev.modelperf.streams.validate.EventValidator.Validation;
import dev.modelperf.streams.validate.ValidationTopology;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The routing-cascade part of the topology: decisions and outcomes validated (rejects to the DLQ),
 * each counted once, joined on the partition their decision id keys them to, then the facts
 * repartitioned by tenant to the aggregator of per-layer and whole-cascade figures, beside which
 * the routing alert rules are judged as minutes close.
 */
public final class CascadeTopology {

    /** How often outcomes still waiting for their decision are checked against the hold time. */
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

    private CascadeTopology() {
    }

    public static void attach(StreamsBuilder builder, Topics topics, Duration maxFutureSkew, Duration dedupWindow,
                              CascadeSettings settings, AggregateSettings windows, AlertSettings alerts, SchemaRegistry registry,
                              RegistryPatience patience) {
        RoutingDecisionRules decisionRules = new RoutingDecisionRules(maxFutureSkew);
        RoutingOutcomeRules outcomeRules = new RoutingOutcomeRules(maxFutureSkew);
        RegistryAvroDeserializer<RoutingDecision> decisionReader =
                new RegistryAvroDeserializer<>(registry, RoutingDecision.getClassSchema(), patience);
        RegistryAvroDeserializer<RoutingOutcome> outcomeReader =
                new RegistryAvroDeserializer<>(registry, RoutingOutcome.getClassSchema(), patience);

        KStream<String, RoutingDecision> decisions = Deduplication.routingDecisions(accepted(builder, topics.routingDecisions(),
                topics.dlq(), validation("routing-decisions", decisionReader, decisionRules::check, RoutingDecision::getDecisionId,
                        d -> d.getTimestamp().toEpochMilli())), dedupWindow);
        KStream<String, RoutingOutcome> outcomes = Deduplication.routingOutcomes(accepted(builder, topics.routingOutcomes(),
                topics.dlq(), validation("routing-outcomes", outcomeReader, outcomeRules::check, RoutingOutcome::getDecisionId,
                        o -> o.getTimestamp().toEpochMilli())), dedupWindow);

        Map<String, KStream<String, JoinResult>> joined = decisions
                .mapValues(JoinInput::of, Named.as("routing-decisions-to-join"))
                .merge(outcomes.mapValues(JoinInput::of, Named.as("routing-outcomes-to-join")), Named.as("routing-join-inputs"))
                .process(joiner(settings), Named.as("routing-joiner"))
                .split(Named.as("routing-joined-"))
                .branch((key, result) -> result.isFact(), Branched.as("facts"))
                .defaultBranch(Branched.as("refused"));
        RegistryAvroSerializer<RoutingOutcome> outcomeWriter = new RegistryAvroSerializer<>(registry, patience);
        joined.get("routing-joined-refused")
                .mapValues(result -> outcomeWriter.serialize(topics.routingOutcomes(), result.refused()), Named.as("routing-refused-raw"))
                .to(topics.dlq(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("routing-refused-dlq-sink"));
        joined.get("routing-joined-facts")
                .mapValues(JoinResult::fact, Named.as("routing-facts"))
                .repartition(Repartitioned.with(Serdes.String(), CascadeSerdes.fact()).withName("routing-facts-by-tenant"))
                .process(aggregator(windows), Named.as("routing-aggregate"))
                .process(alertEvaluator(alerts, windows), Named.as("routing-alerts-evaluate"), RoutingStores.storeName(Resolution.MINUTE))
                .to(topics.alerts(), Produced.with(Serdes.String(), AvroSerdes.<Alert>specific(Alert.getClassSchema(), registry, patience))
                        .withName("routing-alerts-sink"));
    }

    /** A routing event must be keyed by its decision id: decisions and outcomes meet on the partition that key puts them. */
    private static <T> Validation<T> validation(String source, Deserializer<T> reader, EventValidator.Rules<T> rules,
                                                Function<T, String> decisionId, ToLongFunction<T> timestampMs) {
        return Validation.of(source, "routing events are never deleted", reader, rules)
                .withCheck((event, key, nowMs, streamTimeMs) -> {
                    String expectedKey = decisionId.apply(event);
                    return expectedKey.equals(key) ? null : "key must be the decisionId (" + expectedKey
                            + ") so that a decision and its outcome meet on one partition (was " + key + ")";
                })
                .withEventTime(timestampMs);
    }

    /** Reads one routing topic as bytes and validates it; rejects go to the DLQ, the accepted events are returned. */
    private static <T> KStream<String, T> accepted(StreamsBuilder builder, String topic, String dlq, Validation<T> validation) {
        return ValidationTopology.validated(builder, topic, dlq, validation.source() + "-dlq-sink", validation)
                .mapValues(Checked::event, Named.as(validation.source() + "-unwrap"));
    }

    private static ProcessorSupplier<String, JoinInput, String, JoinResult> joiner(CascadeSettings settings) {
        Set<StoreBuilder<?>> stores = new LinkedHashSet<>(List.of(
                Stores.windowStoreBuilder(Stores.persistentWindowStore(CascadeJoiner.DECISION_INDEX_STORE,
                        settings.joinHorizon(), Duration.ofMinutes(1), false), Serdes.String(), CascadeSerdes.decisionRef()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CascadeJoiner.PENDING_STORE),
                        Serdes.String(), CascadeSerdes.pendingOutcome())));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, JoinInput, String, JoinResult> get() {
                return new CascadeJoiner(settings.outcomeHold(), CHECK_INTERVAL);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    private static ProcessorSupplier<String, CascadeFact, Void, Void> aggregator(AggregateSettings windows) {
        Map<Resolution, Duration> retentions = new EnumMap<>(Map.of(Resolution.MINUTE, windows.minuteRetention(),
                Resolution.HOUR, windows.hourRetention(), Resolution.DAY, windows.dayRetention()));
        Set<StoreBuilder<?>> stores = new LinkedHashSet<>();
        retentions.forEach((resolution, retention) -> stores.add(windowStore(resolution, retention)));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, CascadeFact, Void, Void> get() {
                return new CascadeAggregator(retentions);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    /** Routing minutes are judged as call minutes are folded: {@code window.fold.delay} after they end. */
    private static ProcessorSupplier<Void, Void, String, Alert> alertEvaluator(AlertSettings alerts, AggregateSettings windows) {
        Set<StoreBuilder<?>> stores = new LinkedHashSet<>(List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RoutingAlertEvaluator.STATE_STORE), Serdes.String(),
                        new RuleStateSerde()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RoutingAlertEvaluator.PROGRESS_STORE), Serdes.String(),
                        Serdes.Long())));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<Void, Void, String, Alert> get() {
                return new RoutingAlertEvaluator(alerts.rules().rules(), windows.foldDelay(), windows.foldInterval());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    private static StoreBuilder<WindowStore<String, RoutingStats>> windowStore(Resolution resolution, Duration retention) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(RoutingStores.storeName(resolution), retention,
                        Duration.ofMillis(resolution.sizeMs()), false), Serdes.String(), new RoutingStatsSerde())
                .withCachingEnabled();
    }
}
