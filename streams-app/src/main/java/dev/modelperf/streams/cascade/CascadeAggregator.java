package dev.modelperf.streams.cascade;

import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.RoutingKey;
import dev.modelperf.streams.stores.RoutingStats;
import dev.modelperf.streams.stores.RoutingStores;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps the routing figures per tenant, layer and window (1 minute, 1 hour, 1 day, each in its own
 * store, with the call aggregates' retentions) and for the whole cascade. A tenant's facts all come
 * to one partition, so each figure has one owner. A cascade has a handful of layers, so every fact
 * updates its windows of every resolution directly; there is nothing to fold. Verdicts go to the
 * windows the decision was counted in; a window already gone (the outcome came after its
 * retention) takes none, so no window holds a verdict without its decision.
 */
public final class CascadeAggregator extends ContextualProcessor<String, CascadeFact, Void, Void> {

    private final Map<Resolution, Long> retentionMs = new EnumMap<>(Resolution.class);
    private final Map<Resolution, WindowStore<String, RoutingStats>> stores = new EnumMap<>(Resolution.class);

    public CascadeAggregator(Map<Resolution, Duration> retentions) {
        retentions.forEach((resolution, retention) -> retentionMs.put(resolution, retention.toMillis()));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        for (Resolution resolution : Resolution.values()) {
            stores.put(resolution, context.getStateStore(RoutingStores.storeName(resolution)));
        }
    }

    @Override
    public void process(Record<String, CascadeFact> record) {
        CascadeFact fact = record.value();
        for (Resolution resolution : Resolution.values()) {
            long start = resolution.windowStart(fact.decisionMs());
            if (start + resolution.sizeMs() <= context().currentStreamTimeMs() - retentionMs.get(resolution)) {
                continue;
            }
            WindowStore<String, RoutingStats> store = stores.get(resolution);
            if (fact.judged()) {
                judge(store, fact, start);
            } else {
                count(store, fact, start);
            }
        }
    }

    private static void count(WindowStore<String, RoutingStats> store, CascadeFact fact, long start) {
        List<CascadeFact.LayerFact> layers = fact.layers();
        for (int position = 0; position < layers.size(); position++) {
            CascadeFact.LayerFact layer = layers.get(position);
            String key = new RoutingKey(fact.tenant(), layer.layerId()).encode();
            RoutingStats stats = orNew(store.fetch(key, start));
            stats.addAttempt(position, layer.confidence(), layer.threshold(), layer.accepted(), layer.latencyMs(), fact.decisionMs());
            store.put(key, stats, start);
        }
        String cascadeKey = RoutingKey.cascade(fact.tenant()).encode();
        RoutingStats cascade = orNew(store.fetch(cascadeKey, start));
        cascade.addDecision(fact.clarified(), fact.totalLatencyMs());
        store.put(cascadeKey, cascade, start);
    }

    private static void judge(WindowStore<String, RoutingStats> store, CascadeFact fact, long start) {
        for (CascadeFact.LayerFact layer : fact.layers()) {
            String key = new RoutingKey(fact.tenant(), layer.layerId()).encode();
            RoutingStats stats = store.fetch(key, start);
            if (stats != null) {
                stats.judgeProposal(layer.confidence(), layer.accepted(), layer.verdict());
                store.put(key, stats, start);
            }
        }
        String cascadeKey = RoutingKey.cascade(fact.tenant()).encode();
        RoutingStats cascade = store.fetch(cascadeKey, start);
        if (cascade != null) {
            cascade.judge(fact.finalVerdict());
            store.put(cascadeKey, cascade, start);
        }
    }

    private static RoutingStats orNew(RoutingStats stats) {
        return stats == null ? new RoutingStats() : stats;
    }
}
