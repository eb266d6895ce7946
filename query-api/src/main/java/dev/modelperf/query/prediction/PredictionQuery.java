package dev.modelperf.query.prediction;

import dev.modelperf.events.Complexity;
import dev.modelperf.query.rankings.FiguresGatherer;
import dev.modelperf.query.rankings.RankingWindow;
import dev.modelperf.routing.prediction.SuccessPredictor;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Predicts success from the figures the rankings keep ready, gathered from every instance as
 * {@code /api/v1/rankings} gathers them: the same calls give the same beliefs in both.
 */
public final class PredictionQuery {

    private final FiguresGatherer figures;
    private final SuccessPredictor predictor;

    public PredictionQuery(FiguresGatherer figures, SuccessPredictor predictor) {
        this.figures = figures;
        this.predictor = predictor;
    }

    /** {@code complexity} null: not given. */
    public CompletableFuture<Prediction> predict(String tenant, String category, String model, Complexity complexity,
                                                 RankingWindow window) {
        return figures.gather(tenant, window, CategoryPath.levels(category)).thenApply(gathered ->
                new Prediction(tenant, window.label(), Instant.ofEpochMilli(gathered.asOfMs()).toString(),
                        predictor.predict(category, model, complexity, gathered.byCategory())));
    }
}
