package dev.modelperf.query.routing;

import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.cluster.KeyedReads;
import dev.modelperf.routing.cascade.TuningPolicy;
import dev.modelperf.schemas.validation.RoutingDecisionRules;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.RoutingLayersReader;
import dev.modelperf.streams.stores.RoutingStores;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/v1/routing/thresholds?tenant=&window=&target=&minSample=&layer=}: each cascade
 * layer's threshold judged from the confidence histogram of its proposals ({@link ThresholdsView}).
 * Read like {@code /api/v1/routing/layers}: the instance holding the tenant answers, any other
 * relays its answer.
 */
public final class ThresholdsController {

    private static final int MAX_MIN_SAMPLE = 1_000_000;

    private final RoutingLayersReader reader;
    private final KeyedReads keyed;
    private final Clock clock;

    public ThresholdsController(RoutingLayersReader reader, KeyedReads keyed, Clock clock) {
        this.reader = reader;
        this.keyed = keyed;
        this.clock = clock;
    }

    public void thresholds(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String window = QueryParameters.window(ctx, RoutingController.DEFAULT_WINDOW);
        Duration span = QueryParameters.WINDOWS.get(window);
        Double target = QueryParameters.optionalFraction(ctx, "target");
        if (target != null && (target == 0 || target == 1)) {
            throw new BadRequestException("target", "must be a number between 0 and 1, both excluded");
        }
        TuningPolicy policy = TuningPolicy.DEFAULT
                .withAccuracyTarget(target == null ? TuningPolicy.DEFAULT.accuracyTarget() : target)
                .withMinSample(QueryParameters.integer(ctx, "minSample", (int) TuningPolicy.DEFAULT.minSample(), 1, MAX_MIN_SAMPLE));
        String layer = ctx.queryParam("layer");
        if (layer != null && !RoutingDecisionRules.LAYER_ID.matcher(layer).matches()) {
            throw new BadRequestException("layer", "must match " + RoutingDecisionRules.LAYER_ID.pattern());
        }
        keyed.answer(ctx, RoutingStores.storeName(Resolution.MINUTE), tenant, () -> CompletableFuture.completedFuture(
                ThresholdsView.of(window, reader.read(tenant, span, clock.millis()), policy, layer)));
    }
}
