package dev.modelperf.query.stats;

import dev.modelperf.streams.aggregate.CallStats;
import dev.modelperf.streams.aggregate.Resolution;
import dev.modelperf.streams.aggregate.StatsKey;
import dev.modelperf.streams.aggregate.StatsReader;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The aggregate questions every endpoint asks, over this instance's stores. */
public final class StatsService {

    private final StatsReader reader;

    public StatsService(StatsReader reader) {
        this.reader = reader;
    }

    /** Per model, everything at category {@code level} ({@code *} for all) in [from, to]. */
    public Map<String, CallStats> byModel(String tenant, String level, long fromMs, long toMs) {
        Map<String, CallStats> byModel = new TreeMap<>();
        reader.scan(tenant, fromMs, toMs, Resolution.DAY, (key, resolution, start, stats) -> {
            if (key.category().equals(level)) {
                byModel.computeIfAbsent(key.model(), m -> new CallStats()).merge(stats);
            }
        });
        return byModel;
    }

    /** Per (category level, model), every level, in [from, to]. */
    public Map<StatsKey, CallStats> byKey(String tenant, long fromMs, long toMs) {
        Map<StatsKey, CallStats> byKey = new HashMap<>();
        reader.scan(tenant, fromMs, toMs, Resolution.DAY,
                (key, resolution, start, stats) -> byKey.computeIfAbsent(key, k -> new CallStats()).merge(stats));
        return byKey;
    }

    /** A time series at category {@code level} for one model (or all when null), one point per {@code interval}. */
    public SortedMap<Long, CallStats> series(String tenant, String level, String model, long fromMs, long toMs,
                                             Resolution interval) {
        SortedMap<Long, CallStats> series = new TreeMap<>();
        reader.scan(tenant, fromMs, toMs, interval, (key, resolution, start, stats) -> {
            if (key.category().equals(level) && (model == null || key.model().equals(model))) {
                series.computeIfAbsent(interval.windowStart(start), s -> new CallStats()).merge(stats);
            }
        });
        return series;
    }
}
