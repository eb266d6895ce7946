package dev.modelperf.query.stats;

import dev.modelperf.streams.aggregate.CallStats;
import dev.modelperf.streams.aggregate.Resolution;
import dev.modelperf.streams.aggregate.StatsKey;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** The aggregate questions every endpoint asks, over a {@link StatsSource}. */
public final class StatsService {

    private final StatsSource source;

    public StatsService(StatsSource source) {
        this.source = source;
    }

    /** Per model, everything at category {@code level} ({@code *} for all) in [from, to]. */
    public CompletableFuture<Map<String, CallStats>> byModel(String tenant, String level, long fromMs, long toMs) {
        return source.collect(new StatsRequest(tenant, fromMs, toMs, null, level, null)).thenApply(buckets -> {
            Map<String, CallStats> byModel = new TreeMap<>();
            buckets.forEach((bucket, stats) -> byModel.merge(bucket.key().model(), stats, CallStats::merge));
            return byModel;
        });
    }

    /** Per (category level, model), every level, in [from, to]; {@code model} null for every model. */
    public CompletableFuture<Map<StatsKey, CallStats>> byKey(String tenant, String model, long fromMs, long toMs) {
        return source.collect(new StatsRequest(tenant, fromMs, toMs, null, null, model)).thenApply(buckets -> {
            Map<StatsKey, CallStats> byKey = new HashMap<>();
            buckets.forEach((bucket, stats) -> byKey.merge(bucket.key(), stats, CallStats::merge));
            return byKey;
        });
    }

    /** A time series at category {@code level} for one model (or all when null), one point per {@code interval}. */
    public CompletableFuture<SortedMap<Long, CallStats>> series(String tenant, String level, String model, long fromMs,
                                                                long toMs, Resolution interval) {
        return source.collect(new StatsRequest(tenant, fromMs, toMs, interval, level, model)).thenApply(buckets -> {
            SortedMap<Long, CallStats> series = new TreeMap<>();
            buckets.forEach((bucket, stats) -> series.merge(bucket.start(), stats, CallStats::merge));
            return series;
        });
    }
}
