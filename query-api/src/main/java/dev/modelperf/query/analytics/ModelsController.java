package dev.modelperf.query.analytics;

import dev.modelperf.query.Answers;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.cluster.KeyedReads;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.schemas.keys.CallKey;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.query.stats.StatsService;
import dev.modelperf.query.stats.StatsView;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.StatsKey;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/models} (known models, providers, last seen) and
 * {@code GET /api/v1/models/{model}/metrics?category=&window=} (every figure, and per top-level
 * category). Model names hold {@code /} and {@code :}: clients URL-encode them in the path.
 */
public final class ModelsController {

    public record KnownModel(String model, String provider, Instant lastSeen, long calls) {
    }

    public record Models(String tenant, int days, List<KnownModel> models) {
    }

    public record ModelMetrics(String tenant, String model, String provider, String category, String window,
                               long fromMs, long toMs, StatsView stats, Map<String, StatsView> byCategory) {
    }

    private final StatsService stats;
    private final StatsService ownStats;
    private final KeyedReads keyed;
    private final Clock clock;

    /** {@code ownStats} reads this instance's stores only: a model's metrics are answered by the instance that owns it. */
    public ModelsController(StatsService stats, StatsService ownStats, KeyedReads keyed, Clock clock) {
        this.stats = stats;
        this.ownStats = ownStats;
        this.keyed = keyed;
        this.clock = clock;
    }

    public void models(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        int days = QueryParameters.integer(ctx, "days", 30, 1, 400);
        long to = clock.millis();
        Answers.json(ctx, stats.byModel(tenant, CategoryPath.ROOT, to - Duration.ofDays(days).toMillis(), to)
                .thenApply(byModel -> new Models(tenant, days, byModel.entrySet().stream()
                        .map(e -> new KnownModel(e.getKey(), e.getValue().provider(),
                                Instant.ofEpochMilli(e.getValue().lastCallMs()), e.getValue().count()))
                        .toList())));
    }

    public void metrics(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String model = ctx.pathParam("model");
        String category = QueryParameters.category(ctx);
        String window = QueryParameters.window(ctx, "24h");
        long to = clock.millis();
        long from = to - QueryParameters.WINDOWS.get(window).toMillis();
        keyed.answer(ctx, Resolution.MINUTE.storeName(), new CallKey(tenant, model).encode(), () ->
                ownStats.byKey(tenant, model, from, to).thenApply(byKey -> metrics(tenant, model, category, window, from, to, byKey)));
    }

    private static ModelMetrics metrics(String tenant, String model, String category, String window, long from, long to,
                                        Map<StatsKey, CallStats> byKey) {
        CallStats total = null;
        Map<String, StatsView> byCategory = new TreeMap<>();
        for (Map.Entry<StatsKey, CallStats> entry : byKey.entrySet()) {
            StatsKey key = entry.getKey();
            if (key.category().equals(category)) {
                total = entry.getValue();
            } else if (category.equals(CategoryPath.parent(key.category()))) {
                byCategory.put(key.category(), StatsView.of(entry.getValue()));
            }
        }
        if (total == null) {
            throw new NotFoundResponse("No calls of model '" + model + "' for tenant " + tenant + " in category " + category
                    + " over the last " + window);
        }
        return new ModelMetrics(tenant, model, total.provider(), category, window, from, to, StatsView.of(total), byCategory);
    }
}
