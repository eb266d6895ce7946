package dev.modelperf.query.rankings;

import dev.modelperf.query.Answers;
import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.QueryParameters;
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

    public RankingsController(RankingsQuery rankings, RecommendationQuery recommendation, FiguresGatherer figures) {
        this.rankings = rankings;
        this.recommendation = recommendation;
        this.figures = figures;
    }

    public void rankings(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String category = QueryParameters.category(ctx);
        RankingWindow window = window(ctx);
        Priority priority = Priority.of(QueryParameters.oneOf(ctx, "priority", "balanced", Priority.labels()));
        Urgency urgency = Urgency.of(QueryParameters.oneOf(ctx, "urgency", "normal", Urgency.labels()));
        Answers.json(ctx, rankings.rank(tenant, category, window, priority, urgency));
    }

    public void recommendation(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String category = QueryParameters.category(ctx);
        RankingWindow window = window(ctx);
        Priority priority = Priority.of(QueryParameters.oneOf(ctx, "priority", "balanced", Priority.labels()));
        Urgency urgency = Urgency.of(QueryParameters.oneOf(ctx, "urgency", "normal", Urgency.labels()));
        Set<String> exclude = exclude(ctx);
        Answers.json(ctx, recommendation.recommend(tenant, category, window, priority, urgency, exclude));
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
