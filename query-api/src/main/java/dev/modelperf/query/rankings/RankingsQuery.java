package dev.modelperf.query.rankings;

import dev.modelperf.query.stats.StatsService;
import dev.modelperf.query.stats.StatsView;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks the models of a category level over a span. Models are ordered by success rate, then by
 * p95 latency (the scoring of rankings and recommendations replaces this order later).
 */
public final class RankingsQuery {

    private final StatsService stats;

    public RankingsQuery(StatsService stats) {
        this.stats = stats;
    }

    public Rankings rank(String tenant, String category, String windowName, Duration window, Instant now) {
        long to = now.toEpochMilli();
        long from = to - window.toMillis();
        List<ModelRanking> models = stats.byModel(tenant, category, from, to).entrySet().stream()
                .map(entry -> new ModelRanking(entry.getKey(), entry.getValue().provider(), StatsView.of(entry.getValue())))
                .sorted(Comparator.comparingDouble((ModelRanking r) -> r.stats().successRate()).reversed()
                        .thenComparingDouble(r -> r.stats().latencyMs().p95() == null ? Double.MAX_VALUE : r.stats().latencyMs().p95()))
                .toList();
        return new Rankings(tenant, category, windowName, from, to, models);
    }
}
