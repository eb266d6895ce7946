package dev.modelperf.query.analytics;

import dev.modelperf.query.Answers;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.rankings.StatsFigures;
import dev.modelperf.query.stats.StatsService;
import dev.modelperf.query.stats.StatsView;
import dev.modelperf.routing.ModelEstimate;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.RankedModel;
import dev.modelperf.routing.Ranker;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.StatsKey;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/summary?days=&tenant=}: totals, by model, by category level, by provider, the
 * best model of each category (the first of a balanced ranking, as {@code /rankings} ranks, among
 * models with at least 5 calls of their own there) and plain-language insights.
 */
public final class SummaryController {

    static final int MIN_CALLS_FOR_BEST = 5;

    public record Summary(String tenant, int days, StatsView totals, Map<String, StatsView> byModel,
                          Map<String, StatsView> byCategory, Map<String, StatsView> byProvider,
                          Map<String, String> bestModelByCategory, List<String> insights) {
    }

    private final StatsService stats;
    private final Ranker ranker;
    private final Clock clock;

    public SummaryController(StatsService stats, Ranker ranker, Clock clock) {
        this.stats = stats;
        this.ranker = ranker;
        this.clock = clock;
    }

    public void summary(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        int days = QueryParameters.integer(ctx, "days", 7, 1, 400);
        long to = clock.millis();
        Answers.json(ctx, stats.byKey(tenant, null, to - Duration.ofDays(days).toMillis(), to)
                .thenApply(byKey -> summary(tenant, days, byKey)));
    }

    private Summary summary(String tenant, int days, Map<StatsKey, CallStats> byKey) {
        Map<String, Map<String, CallStats>> byCategoryAndModel = new TreeMap<>();
        byKey.forEach((key, value) ->
                byCategoryAndModel.computeIfAbsent(key.category(), c -> new TreeMap<>()).put(key.model(), value));

        Map<String, CallStats> byModel = byCategoryAndModel.getOrDefault(CategoryPath.ROOT, Map.of());
        CallStats totals = new CallStats();
        Map<String, CallStats> byProvider = new TreeMap<>();
        byModel.values().forEach(model -> {
            totals.merge(model);
            byProvider.computeIfAbsent(String.valueOf(model.provider()), p -> new CallStats()).merge(model);
        });
        Map<String, StatsView> byCategory = new TreeMap<>();
        Map<String, String> best = new TreeMap<>();
        byCategoryAndModel.forEach((category, models) -> {
            CallStats categoryTotal = new CallStats();
            models.values().forEach(categoryTotal::merge);
            byCategory.put(category, StatsView.of(categoryTotal));
            bestOf(ranker, category, byCategoryAndModel).ifPresent(model -> best.put(category, model));
        });
        return new Summary(tenant, days, StatsView.of(totals), views(byModel), byCategory, views(byProvider), best,
                Insights.of(byCategoryAndModel, 10));
    }

    /** The first of a balanced ranking of {@code category}'s models with enough calls of their own there. */
    static Optional<String> bestOf(Ranker ranker, String category, Map<String, Map<String, CallStats>> byCategoryAndModel) {
        Map<String, List<ModelFigures>> figuresByLevel = new HashMap<>();
        for (String level : CategoryPath.levels(category)) {
            List<ModelFigures> figures = new ArrayList<>();
            byCategoryAndModel.getOrDefault(level, Map.of()).forEach((model, stats) -> figures.add(StatsFigures.of(model, stats)));
            figuresByLevel.put(level, figures);
        }
        List<ModelEstimate> candidates = ranker.estimate(category, figuresByLevel).values().stream()
                .filter(estimate -> estimate.dataLevel().equals(category) && estimate.figures().calls() >= MIN_CALLS_FOR_BEST)
                .toList();
        return ranker.rank(category, candidates, Ranker.Decision.best(Priority.BALANCED), Map.of()).stream()
                .findFirst().map(RankedModel::model);
    }

    private static Map<String, StatsView> views(Map<String, CallStats> stats) {
        Map<String, StatsView> views = new TreeMap<>();
        stats.forEach((name, value) -> views.put(name, StatsView.of(value)));
        return views;
    }
}
