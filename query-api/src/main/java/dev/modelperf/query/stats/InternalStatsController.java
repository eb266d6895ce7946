package dev.modelperf.query.stats;

import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.streams.stores.Resolution;
import io.javalin.http.Context;
import java.util.Arrays;

/** {@link ClusterStats#INTERNAL_PATH}: this instance's partial aggregates, for the instance that gathers. */
public final class InternalStatsController {

    private final ClusterStats stats;

    public InternalStatsController(ClusterStats stats) {
        this.stats = stats;
    }

    public void partial(Context ctx) {
        String interval = ctx.queryParam("interval");
        StatsRequest request = new StatsRequest(QueryParameters.tenant(ctx), millis(ctx, "from"), millis(ctx, "to"),
                interval == null ? null : resolution(interval), ctx.queryParam("level"), ctx.queryParam("model"));
        ctx.json(stats.localForRemote(request));
    }

    private static Resolution resolution(String name) {
        return Arrays.stream(Resolution.values()).filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new BadRequestException("interval", "must be one of " + Arrays.toString(Resolution.values())));
    }

    private static long millis(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.queryParam(name));
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, "must be epoch milliseconds");
        }
    }
}
