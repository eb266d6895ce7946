package dev.modelperf.query.rankings;

import dev.modelperf.query.Answers;
import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.routing.DecisionMode;
import dev.modelperf.routing.Objective;
import dev.modelperf.routing.Priority;
import dev.modelperf.routing.Ranker;
import dev.modelperf.routing.Urgency;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/rankings}, {@code GET /api/v1/recommendation}, and the figures an instance
 * serves the others when they gather ({@link FiguresGatherer#INTERNAL_PATH}).
 */
public final class RankingsController {

    /** The span answers cover unless the caller names one. */
    static final String DEFAULT_WINDOW = "24h";

    private final RankingsQuery rankings;
    private final RecommendationQuery recommendation;
    private final FiguresGatherer figures;
    private final DecisionMode defaultMode;

    public RankingsController(RankingsQuery rankings, RecommendationQuery recommendation, FiguresGatherer figures,
                              DecisionMode defaultMode) {
        this.rankings = rankings;
        this.recommendation = recommendation;
        this.figures = figures;
        this.defaultMode = defaultMode;
    }

    public void rankings(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String category = QueryParameters.category(ctx);
        RankingWindow window = window(ctx);
        Answers.json(ctx, rankings.rank(tenant, category, window, decision(ctx)));
    }

    public void recommendation(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String category = QueryParameters.category(ctx);
        RankingWindow window = window(ctx);
        Ranker.Decision decision = decision(ctx);
        Answers.json(ctx, recommendation.recommend(tenant, category, window, decision, exclude(ctx)));
    }

    private Ranker.Decision decision(Context ctx) {
        Priority priority = Priority.of(QueryParameters.oneOf(ctx, "priority", "balanced", Priority.labels()));
        Urgency urgency = Urgency.of(QueryParameters.oneOf(ctx, "urgency", "normal", Urgency.labels()));
        DecisionMode mode = DecisionMode.of(QueryParameters.oneOf(ctx, "mode", defaultMode.label(), DecisionMode.labels()));
        Long seed = QueryParameters.optionalLong(ctx, "seed");
        if (seed != null && mode != DecisionMode.SAMPLE) {
            throw new BadRequestException("seed", "applies to mode=sample only");
        }
        String objective = QueryParameters.oneOf(ctx, "objective", "score", List.of("score", "cheapest"));
        Double floor = QueryParameters.optionalFraction(ctx, "floor");
        Double margin = QueryParameters.optionalFraction(ctx, "margin");
        if (objective.equals("score")) {
            if (floor != null || margin != null) {
                throw new BadRequestException(floor != null ? "floor" : "margin", "applies to objective=cheapest only");
            }
            return new Ranker.Decision(priority, urgency, mode, Objective.SCORE, seed);
        }
        if (floor != null && margin != null) {
            throw new BadRequestException("margin", "must not be given with floor: the floor is absolute, the margin relative to the best");
        }
        return new Ranker.Decision(priority, urgency, mode, Objective.cheapest(floor, margin), seed);
    }

    /** This instance's figures only, never gathered again: the caller is the instance that gathers. */
    public void internalFigures(Context ctx) {
        List<String> categories = ctx.queryParams("category");
        if (categories.isEmpty()) {
            throw new BadRequestException("category", "must be given at least once");
        }
        ctx.json(figures.local(QueryParameters.tenant(ctx), window(ctx), categories));
    }

    private static RankingWindow window(Context ctx) {
        return RankingWindow.of(QueryParameters.oneOf(ctx, "window", DEFAULT_WINDOW, RankingWindow.labels())).orElseThrow();
    }

    /** Models to leave out: the parameter repeated, or comma-separated. */
    private static Set<String> exclude(Context ctx) {
        Set<String> models = new LinkedHashSet<>();
        for (String value : ctx.queryParams("exclude")) {
            for (String model : value.split(",")) {
                if (!model.isBlank()) {
                    models.add(model.strip());
                }
            }
        }
        return models;
    }
}
