package dev.modelperf.query.prediction;

import dev.modelperf.events.Complexity;
import dev.modelperf.query.Answers;
import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.rankings.RankingWindow;
import dev.modelperf.schemas.validation.ModelCallRules;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;

/** {@code GET /api/v1/predict}: the chance that a task succeeds with a model, before calling it. */
public final class PredictionController {

    /** The span predictions learn from unless the caller names one: that of the rankings. */
    static final String DEFAULT_WINDOW = "24h";
    private static final List<String> COMPLEXITIES = Arrays.stream(Complexity.values()).map(Complexity::name).toList();

    private final PredictionQuery query;

    public PredictionController(PredictionQuery query) {
        this.query = query;
    }

    public void predict(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String category = QueryParameters.category(ctx);
        String model = ctx.queryParam("model");
        if (model == null || model.isBlank()) {
            throw new BadRequestException("model", "must be given: the model whose success is predicted");
        }
        if (model.length() > ModelCallRules.MAX_NAME_LENGTH) {
            throw new BadRequestException("model", "must be at most " + ModelCallRules.MAX_NAME_LENGTH + " characters");
        }
        String complexity = QueryParameters.oneOf(ctx, "complexity", null, COMPLEXITIES);
        RankingWindow window = RankingWindow.of(QueryParameters.oneOf(ctx, "window", DEFAULT_WINDOW, RankingWindow.labels()))
                .orElseThrow();
        Answers.json(ctx, query.predict(tenant, category, model, complexity == null ? null : Complexity.valueOf(complexity), window));
    }
}
