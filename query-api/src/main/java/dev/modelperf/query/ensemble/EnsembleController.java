package dev.modelperf.query.ensemble;

import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.cluster.KeyedReads;
import dev.modelperf.routing.ensemble.EnsembleAdvisor;
import dev.modelperf.streams.comparison.RatingWindow;
import dev.modelperf.streams.ensemble.EnsembleReader;
import dev.modelperf.streams.ensemble.EnsembleStores;
import dev.modelperf.streams.ensemble.LevelKey;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/v1/ensemble?category=&tenant=&window=&target=}: how many and which models to ask
 * in a category level ({@link EnsembleAdvisor}). A level's state lives in one partition (the
 * comparisons are repartitioned by {@code tenant|level}), so the instance that owns it answers and
 * any other relays its answer.
 */
public final class EnsembleController {

    /** The default is longer than the ratings' 7 days: advice needs many comparisons to prove a smaller panel enough. */
    static final RatingWindow DEFAULT_WINDOW = RatingWindow.MONTH;

    private final EnsembleReader reader;
    private final KeyedReads keyed;
    private final Clock clock;
    /** The target when a request names none ({@code ensemble.target}). */
    private final double defaultTarget;

    public EnsembleController(EnsembleReader reader, KeyedReads keyed, Clock clock, double defaultTarget) {
        this.reader = reader;
        this.keyed = keyed;
        this.clock = clock;
        this.defaultTarget = defaultTarget;
    }

    public void advice(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String category = QueryParameters.category(ctx);
        RatingWindow window = QueryParameters.dayWindow(ctx, DEFAULT_WINDOW);
        Double target = QueryParameters.optionalFraction(ctx, "target");
        if (target != null && (target == 0 || target == 1)) {
            throw new BadRequestException("target", "must be a number between 0 and 1, both excluded");
        }
        EnsembleAdvisor advisor = EnsembleAdvisor.withTarget(target == null ? defaultTarget : target);
        LevelKey key = new LevelKey(tenant, category);
        keyed.answer(ctx, EnsembleStores.DAYS, key.encode(), () -> {
            EnsembleReader.Span span = reader.read(key, window, clock.millis());
            return CompletableFuture.completedFuture(EnsembleView.of(tenant, category, window.label(), span, advisor.advise(span.state())));
        });
    }
}
