package dev.modelperf.streams.comparison;

import dev.modelperf.events.Comparison;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.schemas.keys.ComparisonKey;
import dev.modelperf.schemas.registry.SchemaRegistry;
import dev.modelperf.schemas.serde.AvroSerdes;
import dev.modelperf.schemas.serde.RegistryAvroDeserializer;
import dev.modelperf.schemas.serde.RegistryPatience;
import dev.modelperf.schemas.validation.ComparisonRules;
import dev.modelperf.schemas.validation.Violation;
import dev.modelperf.streams.StreamsSettings;
import dev.modelperf.streams.dedup.Deduplication;
import dev.modelperf.streams.validate.Checked;
import dev.modelperf.streams.validate.EventValidator.Validation;
import dev.modelperf.streams.validate.ValidationTopology;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The comparisons part of the topology: comparisons validated (rejects to the DLQ with their
 * reason) and counted once, then fanned out to every level of their category up to {@code *},
 * repartitioned by {@code tenant|level}, folded into per-day pairwise counts and fitted into
 * Bradley–Terry ratings per window ({@link RatingStores}).
 */
public final class ComparisonTopology {

    /** Pairwise days are kept for the longest window, plus two days so that the oldest day is whole whatever stream time says. */
    static final Duration DAILY_PAIRS_RETENTION = RatingWindow.HORIZON.plusDays(2);

    private ComparisonTopology() {
    }

    /**
     * Adds the comparisons' validation, deduplication and ratings to {@code builder}; returns the
     * validated comparisons, each once, keyed {@code tenant|eventId} as on the topic, for other
     * features to read.
     */
    public static KStream<String, Comparison> attach(StreamsBuilder builder, StreamsSettings settings, SchemaRegistry registry,
                                                     RegistryPatience patience) {
        KStream<String, Comparison> comparisons = Deduplication.comparisons(accepted(builder, settings, registry, patience),
                settings.dedupWindow());
        rate(comparisons, settings.ratings(), registry, patience);
        return comparisons;
    }

    private static KStream<String, Comparison> accepted(StreamsBuilder builder, StreamsSettings settings, SchemaRegistry registry,
                                                        RegistryPatience patience) {
        RegistryAvroDeserializer<Comparison> reader = new RegistryAvroDeserializer<>(registry, Comparison.getClassSchema(), patience);
        ComparisonRules rules = new ComparisonRules(settings.maxFutureSkew(), settings.maxCallCostUsd());
        Validation<Comparison> validation = Validation.of("comparisons", "comparisons are never deleted", reader, rules::check)
                .withCheck(ComparisonTopology::refusal)
                .withEventTime(comparison -> comparison.getTimestamp().toEpochMilli());
        KStream<String, Checked<Comparison>> validated = ValidationTopology.validated(builder, settings.topics().comparisons(),
                settings.topics().dlq(), "comparisons-dlq-sink", validation);
        return validated.mapValues(Checked::event, Named.as("comparisons-unwrap"));
    }

    /**
     * Refuses a comparison older than the ratings' {@link RatingWindow#HORIZON} (it would enter no
     * window) or not keyed {@code tenant|eventId} (copies of one comparison must meet on one
     * partition to be counted once).
     */
    private static String refusal(Comparison comparison, String key, long nowMs, long streamTimeMs) {
        Violation tooOld = RatingWindow.tooOld(comparison, nowMs);
        if (tooOld != null) {
            return "invalid: " + tooOld;
        }
        String expectedKey = new ComparisonKey(comparison.getTenant(), comparison.getEventId()).encode();
        if (!expectedKey.equals(key)) {
            return "key must be tenant|eventId (" + expectedKey + ") so that copies of one comparison meet on one partition (was "
                    + key + ")";
        }
        return null;
    }

    private static void rate(KStream<String, Comparison> comparisons, RatingSettings settings, SchemaRegistry registry,
                             RegistryPatience patience) {
        comparisons
                .flatMap((key, comparison) -> toLevels(comparison), Named.as("comparisons-to-levels"))
                .repartition(Repartitioned.with(Serdes.String(), AvroSerdes.<Comparison>specific(Comparison.getClassSchema(), registry,
                        patience)).withName("comparisons-by-level"))
                .process(updater(settings), Named.as("ratings-update"));
    }

    /** One record per level the comparison counts toward, keyed tenant|level. */
    private static List<KeyValue<String, Comparison>> toLevels(Comparison comparison) {
        return CategoryPath.levels(comparison.getCategory()).stream()
                .map(level -> KeyValue.pair(RatingStores.key(comparison.getTenant(), level), comparison))
                .toList();
    }

    private static ProcessorSupplier<String, Comparison, Void, Void> updater(RatingSettings settings) {
        Set<StoreBuilder<?>> stores = new LinkedHashSet<>(List.of(
                Stores.windowStoreBuilder(Stores.persistentWindowStore(RatingStores.DAILY_PAIRS, DAILY_PAIRS_RETENTION,
                        Duration.ofMillis(RatingWindow.DAY_MS), false), Serdes.String(), Serdes.ByteArray()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RatingStores.PENDING), Serdes.String(), Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RatingStores.RATINGS), Serdes.String(), new LevelRatingsSerde())
                        .withCachingEnabled()));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Comparison, Void, Void> get() {
                return new RatingsUpdater(settings);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }
}
