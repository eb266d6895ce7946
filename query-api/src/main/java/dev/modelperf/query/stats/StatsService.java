package dev.modelperf.query.stats;

import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.StatsKey;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The aggregate questions every endpoint asks, over a {@link StatsSource}. Aggregates are merged in
 * one fixed order (point, then key): sums of doubles depend on their order, and every instance must
 * give the same answer to the last digit.
 */
public final class StatsService {

    private static final Comparator<Map.Entry<StatsSource.Bucket, CallStats>> MERGE_ORDER =
            Comparator.comparingLong((Map.Entry<StatsSource.Bucket, CallStats> e) -> e.getKey().start())
                    .thenComparing(e -> e.getKey().key().encode());

    private final StatsSource source;

    public StatsService(StatsSource source) {
        this.source = source;
    }

    /** Per model, everything at category {@code level} ({@code *} for all) in [from, to]. */
    public CompletableFuture<Map<String, CallStats>> byModel(String tenant, String level, long fromMs, long toMs) {
        return source.collect(new StatsRequest(tenant, fromMs, toMs, null, level, null)).thenApply(buckets -> {
            Map<String, CallStats> byModel = new TreeMap<>();
            inOrder(buckets).forEach(e -> byModel.merge(e.getKey().key().model(), e.getValue(), CallStats::merge));
            return byModel;
        });
    }

    /** Per (category level, model), every level, in [from, to]; {@code model} null for every model. */
    public CompletableFuture<Map<StatsKey, CallStats>> byKey(String tenant, String model, long fromMs, long toMs) {
        return source.collect(new StatsRequest(tenant, fromMs, toMs, null, null, model)).thenApply(buckets -> {
            Map<StatsKey, CallStats> byKey = new HashMap<>();
            inOrder(buckets).forEach(e -> byKey.merge(e.getKey().key(), e.getValue(), CallStats::merge));
            return byKey;
        });
    }

    /** A time series at category {@code level} for one model (or all when null), one point per {@code interval}. */
    public CompletableFuture<SortedMap<Long, CallStats>> series(String tenant, String level, String model, long fromMs,
                                                                long toMs, Resolution interval) {
        return source.collect(new StatsRequest(tenant, fromMs, toMs, interval, level, model)).thenApply(buckets -> {
            SortedMap<Long, CallStats> series = new TreeMap<>();
            inOrder(buckets).forEach(e -> series.merge(e.getKey().start(), e.getValue(), CallStats::merge));
            return series;
        });
    }

    private static List<Map.Entry<StatsSource.Bucket, CallStats>> inOrder(Map<StatsSource.Bucket, CallStats> buckets) {
        return buckets.entrySet().stream().sorted(MERGE_ORDER).toList();
    }
}
