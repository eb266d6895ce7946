package dev.modelperf.client.routing;

import dev.modelperf.events.ModelHealth;
import dev.modelperf.routing.ModelEstimate;
import dev.modelperf.routing.ModelFigures;
import dev.modelperf.routing.PooledEstimator;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Urgency;
import dev.modelperf.schemas.category.CategoryPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tenant's decision figures per category level and its models' health, immutable. The pooled
 * estimates of a category are computed once, on the first request for it, and kept with the
 * figures they came from: a request is then a lookup, a draw per candidate and a sort.
 */
final class TenantDecisions {

    static final TenantDecisions EMPTY = new TenantDecisions(Map.of(), Map.of(), new ConcurrentHashMap<>(),
            new ConcurrentHashMap<>());

    private final Map<String, List<ModelFigures>> byLevel;
    private final Map<String, ModelHealth> health;
    private final ConcurrentHashMap<String, List<ModelEstimate>> estimates;
    /** Orders by the estimates' means, which do not depend on which other models are candidates. */
    private final ConcurrentHashMap<BestKey, List<ModelEstimate>> bestOrders;

    private TenantDecisions(Map<String, List<ModelFigures>> byLevel, Map<String, ModelHealth> health,
                            ConcurrentHashMap<String, List<ModelEstimate>> estimates,
                            ConcurrentHashMap<BestKey, List<ModelEstimate>> bestOrders) {
        this.byLevel = byLevel;
        this.health = health;
        this.estimates = estimates;
        this.bestOrders = bestOrders;
    }

    /** {@code figures}: per level, per model. */
    static TenantDecisions of(Map<String, Map<String, ModelFigures>> figures, Map<String, ModelHealth> health) {
        Map<String, List<ModelFigures>> byLevel = new LinkedHashMap<>();
        figures.forEach((level, models) -> {
            if (!models.isEmpty()) {
                List<ModelFigures> list = new ArrayList<>(models.values());
                list.sort(Comparator.comparing(ModelFigures::model));
                byLevel.put(level, List.copyOf(list));
            }
        });
        return new TenantDecisions(Map.copyOf(byLevel), Map.copyOf(health), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    /** The same figures (and estimates) with other health. */
    TenantDecisions withHealth(Map<String, ModelHealth> health) {
        return new TenantDecisions(byLevel, Map.copyOf(health), estimates, bestOrders);
    }

    Map<String, ModelHealth> health() {
        return health;
    }

    /** The pooled estimates of every model with calls at some level of {@code category}, by model name. */
    List<ModelEstimate> estimates(String category, PooledEstimator estimator) {
        List<ModelEstimate> cached = estimates.get(category);
        if (cached != null) {
            return cached;
        }
        Map<String, List<ModelFigures>> levels = new LinkedHashMap<>();
        for (String level : CategoryPath.levels(category)) {
            List<ModelFigures> models = byLevel.get(level);
            if (models != null) {
                levels.put(level, models);
            }
        }
        List<ModelEstimate> computed = new ArrayList<>(estimator.estimate(category, levels).values());
        computed.sort(Comparator.comparing(ModelEstimate::model));
        List<ModelEstimate> result = List.copyOf(computed);
        estimates.putIfAbsent(category, result);
        return result;
    }

    /**
     * Every model of {@code category} in the order of {@code mode=best} with the score objective,
     * computed once: that order compares each model's own means only, so the order of any subset
     * (the healthy ones, the DEGRADED ones, those not excluded) is this order filtered.
     */
    List<ModelEstimate> bestOrder(String category, Ranker.Decision decision, Ranker ranker, PooledEstimator estimator) {
        BestKey key = new BestKey(category, decision.priority(), decision.urgency());
        List<ModelEstimate> cached = bestOrders.get(key);
        if (cached != null) {
            return cached;
        }
        List<ModelEstimate> ordered = List.copyOf(ranker.order(estimates(category, estimator), decision, null));
        bestOrders.putIfAbsent(key, ordered);
        return ordered;
    }

    private record BestKey(String category, Priority priority, Urgency urgency) {
    }
}
