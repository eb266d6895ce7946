package dev.modelperf.query.ratings;

import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.cluster.KeyedReads;
import dev.modelperf.streams.comparison.RatingStores;
import dev.modelperf.streams.comparison.RatingWindow;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/v1/ratings?category=&window=&tenant=}: a category level's model ratings from
 * comparisons. A level's ratings all live in one partition (comparisons are repartitioned by
 * tenant|level), so the instance that owns that key answers, and any other relays its answer.
 */
public final class RatingsController {

    static final RatingWindow DEFAULT_WINDOW = RatingWindow.WEEK;

    private final LocalRatings ratings;
    private final KeyedReads keyed;
    private final Clock clock;

    public RatingsController(LocalRatings ratings, KeyedReads keyed, Clock clock) {
        this.ratings = ratings;
        this.keyed = keyed;
        this.clock = clock;
    }

    public void ratings(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String level = QueryParameters.category(ctx);
        RatingWindow window = QueryParameters.dayWindow(ctx, DEFAULT_WINDOW);
        keyed.answer(ctx, RatingStores.RATINGS, RatingStores.key(tenant, level), () -> CompletableFuture.completedFuture(
                RatingsView.of(tenant, level, window, ratings.level(tenant, level), clock.millis())));
    }
}
