package dev.modelperf.query.routing;

import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.cluster.KeyedReads;
import dev.modelperf.streams.stores.Resolution;
import dev.modelperf.streams.stores.RoutingLayersReader;
import dev.modelperf.streams.stores.RoutingStores;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/v1/routing/layers?tenant=&window=}: a tenant's routing cascade, layer by layer.
 * A tenant's routing figures all live in one partition (the facts are repartitioned by tenant),
 * so the instance that owns the tenant answers, and any other relays its answer.
 */
public final class RoutingController {

    static final String DEFAULT_WINDOW = "24h";

    private final RoutingLayersReader reader;
    private final KeyedReads keyed;
    private final Clock clock;

    public RoutingController(RoutingLayersReader reader, KeyedReads keyed, Clock clock) {
        this.reader = reader;
        this.keyed = keyed;
        this.clock = clock;
    }

    public void layers(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String window = QueryParameters.window(ctx, DEFAULT_WINDOW);
        Duration span = QueryParameters.WINDOWS.get(window);
        keyed.answer(ctx, RoutingStores.storeName(Resolution.MINUTE), tenant, () -> CompletableFuture.completedFuture(
                RoutingLayersView.of(window, reader.read(tenant, span, clock.millis()))));
    }
}
