package dev.modelperf.query.rankings;

import dev.modelperf.events.ModelHealth;
import dev.modelperf.query.health.HealthQuery;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Recommendation;
import dev.modelperf.routing.Recommender;
import dev.modelperf.routing.RoutingDefaults;
import dev.modelperf.schemas.category.CategoryPath;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Picks the model a router should call. Every model with calls in the category or any parent up
 * to {@code *} is a candidate, judged on its pooled estimates; a BLACKLISTED or excluded model is
 * never one, and a DEGRADED one comes after every healthy one, flagged. The rule table answers
 * only when no model has a single call at any level.
 */
public final class RecommendationQuery {

    private final FiguresGatherer figures;
    private final HealthQuery health;
    private final Recommender recommender;

    public RecommendationQuery(FiguresGatherer figures, HealthQuery health, Ranker ranker, RoutingDefaults defaults) {
        this.figures = figures;
        this.health = health;
        this.recommender = new Recommender(ranker, defaults);
    }

    public CompletableFuture<Recommendation> recommend(String tenant, String category, RankingWindow window,
                                                       Ranker.Decision decision, Set<String> exclude) {
        return figures.gather(tenant, window, CategoryPath.levels(category)).thenApply(gathered ->
                answer(tenant, category, window, decision, exclude, gathered, health.byModel(tenant)));
    }

    /** The recommendation from gathered figures and the tenant's health. */
    Recommendation answer(String tenant, String category, RankingWindow window, Ranker.Decision decision,
                          Set<String> exclude, FiguresGatherer.Gathered gathered, Map<String, ModelHealth> healthByModel) {
        return recommender.answer(tenant, category, window.label(), decision, exclude, gathered.byCategory(), gathered.asOfMs(),
                healthByModel);
    }
}
