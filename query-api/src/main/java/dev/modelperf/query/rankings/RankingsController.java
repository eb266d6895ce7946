package dev.modelperf.query.rankings;

import dev.modelperf.query.QueryParameters;
import io.javalin.http.Context;
import java.time.Clock;

/** {@code GET /api/v1/rankings?category=&window=&tenant=}. */
public final class RankingsController {

    private final RankingsQuery query;
    private final Clock clock;

    public RankingsController(RankingsQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    public void rankings(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String category = QueryParameters.category(ctx);
        String window = QueryParameters.window(ctx, "1h");
        ctx.json(query.rank(tenant, category, window, QueryParameters.WINDOWS.get(window), clock.instant()));
    }
}
