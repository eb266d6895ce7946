package dev.modelperf.query.stats;

import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.StatsKey;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Where aggregates come from: this instance's stores, or every instance's gathered. */
public interface StatsSource {

    /** Per (key, point start) the merged aggregate of {@code request}; the point start is 0 for totals. */
    CompletableFuture<Map<Bucket, CallStats>> collect(StatsRequest request);

    record Bucket(StatsKey key, long start) {
    }
}
