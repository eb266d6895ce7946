package dev.modelperf.query.rankings;

import dev.modelperf.events.ModelHealth;
import dev.modelperf.query.health.HealthQuery;
import dev.modelperf.routing.Basis;
import dev.modelperf.routing.ModelEstimate;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.RankedModel;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.RoutingDefaults;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Ranks every model with calls in a category or its parents, on estimates pooled down the path;
 * the rule table's models are listed only when no level has a call.
 */
public final class RankingsQuery {

    private final FiguresGatherer figures;
    private final HealthQuery health;
    private final Ranker ranker;
    private final RoutingDefaults defaults;

    public RankingsQuery(FiguresGatherer figures, HealthQuery health, Ranker ranker, RoutingDefaults defaults) {
        this.figures = figures;
        this.health = health;
        this.ranker = ranker;
        this.defaults = defaults;
    }

    public CompletableFuture<Rankings> rank(String tenant, String category, RankingWindow window, Ranker.Decision decision) {
        return figures.gather(tenant, window, CategoryPath.levels(category)).thenApply(gathered ->
                answer(tenant, category, window, decision, gathered, health.byModel(tenant)));
    }

    /** The rankings from gathered figures and the tenant's health. */
    Rankings answer(String tenant, String category, RankingWindow window, Ranker.Decision decision,
                    FiguresGatherer.Gathered gathered, Map<String, ModelHealth> healthByModel) {
        Priority.Weights weights = decision.urgency().adjust(decision.priority().weights());
        String asOf = Instant.ofEpochMilli(gathered.asOfMs()).toString();
        Map<String, ModelEstimate> estimates = ranker.estimate(category, gathered.byCategory());
        List<RankedModel> ranked = ranker.rank(category, estimates.values(), decision, healthByModel);
        for (String level : CategoryPath.levels(category)) {
            if (!gathered.at(level).isEmpty()) {
                Basis basis = new Basis(level.equals(category) ? Basis.Source.CATEGORY : Basis.Source.PARENT, level);
                return rankings(tenant, category, window, decision, asOf, basis, weights, ranked, List.of());
            }
        }
        return defaults.forCategory(category)
                .map(rule -> rankings(tenant, category, window, decision, asOf, new Basis(Basis.Source.RULES, rule.category()),
                        weights, ranked, rule.models().stream().map(model -> new Rankings.DefaultModel(model,
                                RankedModel.Health.of(healthByModel.get(model)))).toList()))
                .orElseGet(() -> rankings(tenant, category, window, decision, asOf, new Basis(Basis.Source.NONE, null),
                        weights, ranked, List.of()));
    }

    private Rankings rankings(String tenant, String category, RankingWindow window, Ranker.Decision decision, String asOf,
                              Basis basis, Priority.Weights weights, List<RankedModel> ranked, List<Rankings.DefaultModel> rules) {
        return new Rankings(tenant, category, window.label(), decision.priority().label(), decision.urgency().label(),
                decision.mode().label(), decision.objective().label(), asOf, basis, ranker.scoring().minSamples(), weights,
                ranked, rules);
    }
}
