package dev.modelperf.streams.ensemble;

import dev.modelperf.events.Comparison;
import dev.modelperf.routing.ensemble.Panel;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The ensemble-advice part of the topology: each validated, deduplicated comparison fanned out to
 * every level of its category up to {@link CategoryPath#ROOT}, repartitioned by {@code tenant|level}
 * so that each level's state has one owner, and folded into that level's day buckets and history.
 */
public final class EnsembleTopology {

    private EnsembleTopology() {
    }

    /** {@code comparisons}: validated and counted once, keyed {@code tenant|eventId} as on their topic. */
    public static void attach(KStream<String, Comparison> comparisons, EnsembleSettings settings) {
        comparisons
                .flatMap((key, comparison) -> byLevel(comparison), Named.as("ensemble-fan-out"))
                .repartition(Repartitioned.with(Serdes.String(), EnsembleSerdes.panel()).withName(EnsembleStores.BY_LEVEL))
                .process(folder(settings), Named.as("ensemble-fold"));
    }

    private static List<KeyValue<String, Panel>> byLevel(Comparison comparison) {
        Panel panel = Panel.of(comparison);
        List<KeyValue<String, Panel>> levels = new ArrayList<>(5);
        for (String level : CategoryPath.levels(comparison.getCategory())) {
            levels.add(KeyValue.pair(new LevelKey(comparison.getTenant(), level).encode(), panel));
        }
        return levels;
    }

    private static ProcessorSupplier<String, Panel, Void, Void> folder(EnsembleSettings settings) {
        Set<StoreBuilder<?>> stores = new LinkedHashSet<>(List.of(
                Stores.windowStoreBuilder(Stores.persistentWindowStore(EnsembleStores.DAYS, settings.retention(), Duration.ofDays(1),
                        false), Serdes.String(), EnsembleSerdes.state()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EnsembleStores.HISTORY), Serdes.String(),
                        EnsembleSerdes.state()).withCachingEnabled()));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Panel, Void, Void> get() {
                return new EnsembleFolder(settings.retention(), settings.lowVariance());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }
}
