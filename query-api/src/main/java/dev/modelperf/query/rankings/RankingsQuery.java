package dev.modelperf.query.rankings;

import dev.modelperf.query.UnavailableException;
import dev.modelperf.streams.ModelPerfTopology;
import dev.modelperf.streams.aggregate.CallStats;
import dev.modelperf.streams.aggregate.StatsKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Ranks models from the 1-minute window store of this instance. A category matches itself and
 * every path below it, so {@code code} covers {@code code/backend/api}. Models are ordered by
 * success rate, then by p95 latency.
 */
public final class RankingsQuery {

    private final KafkaStreams streams;

    public RankingsQuery(KafkaStreams streams) {
        this.streams = streams;
    }

    public Rankings rank(String tenant, String category, String windowName, Duration window, Instant now) {
        long to = now.toEpochMilli();
        long from = to - window.toMillis();
        Map<String, CallStats> byModel = new TreeMap<>();
        try (KeyValueIterator<Windowed<String>, CallStats> windows = store().fetchAll(Instant.ofEpochMilli(from), now)) {
            while (windows.hasNext()) {
                KeyValue<Windowed<String>, CallStats> entry = windows.next();
                StatsKey key = StatsKey.decode(entry.key.key());
                if (key.tenant().equals(tenant) && covers(category, key.category())) {
                    byModel.computeIfAbsent(key.model(), m -> new CallStats()).merge(entry.value);
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException("Call statistics are not queryable yet (the streams app is starting or rebalancing)", e);
        }
        List<ModelRanking> models = byModel.entrySet().stream()
                .map(entry -> ranking(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingDouble(ModelRanking::successRate).reversed()
                        .thenComparingDouble(r -> r.latencyMs().p95()))
                .toList();
        return new Rankings(tenant, category == null ? "*" : category, windowName, from, to, models);
    }

    private ReadOnlyWindowStore<String, CallStats> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(ModelPerfTopology.CALL_STATS_1M,
                QueryableStoreTypes.windowStore()));
    }

    private static boolean covers(String category, String stored) {
        return category == null || stored.equals(category)
                || (stored.startsWith(category) && stored.charAt(category.length()) == '/');
    }

    private static ModelRanking ranking(String model, CallStats stats) {
        long count = stats.count();
        return new ModelRanking(model, count, stats.successes(), (double) stats.successes() / count,
                stats.failuresByStatus(),
                new ModelRanking.Latency(stats.latencyQuantileMs(0.5), stats.latencyQuantileMs(0.95),
                        stats.latencyQuantileMs(0.99)),
                stats.inputTokens(), stats.outputTokens(), stats.costUsd(),
                stats.costedCalls() == 0 ? null : stats.costUsd() / stats.costedCalls());
    }
}
