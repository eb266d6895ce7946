package dev.modelperf.query.analytics;

import dev.modelperf.query.Answers;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.stats.StatsService;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.StatsKey;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /api/v1/categories?tenant=&days=}: every category level seen, with its parent and call count. */
public final class CategoriesController {

    /** One category level. {@code parent} is null for {@code *}. */
    public record Category(String category, String parent, int depth, long calls, int models) {
    }

    public record Categories(String tenant, int days, List<Category> categories) {
    }

    private final StatsService stats;
    private final Clock clock;

    public CategoriesController(StatsService stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    public void categories(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        int days = QueryParameters.integer(ctx, "days", 30, 1, 400);
        long to = clock.millis();
        Answers.json(ctx, stats.byKey(tenant, null, to - Duration.ofDays(days).toMillis(), to)
                .thenApply(byKey -> new Categories(tenant, days, categories(byKey))));
    }

    private static List<Category> categories(Map<StatsKey, CallStats> byKey) {
        Map<String, long[]> byCategory = new TreeMap<>();
        for (Map.Entry<StatsKey, CallStats> entry : byKey.entrySet()) {
            long[] callsAndModels = byCategory.computeIfAbsent(entry.getKey().category(), c -> new long[2]);
            callsAndModels[0] += entry.getValue().count();
            callsAndModels[1]++;
        }
        return byCategory.entrySet().stream()
                .map(e -> new Category(e.getKey(), CategoryPath.parent(e.getKey()), CategoryPath.depth(e.getKey()),
                        e.getValue()[0], (int) e.getValue()[1]))
                .toList();
    }
}
