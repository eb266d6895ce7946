package dev.modelperf.query.analytics;

import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.Answers;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.stats.StatsService;
import dev.modelperf.query.stats.StatsView;
import dev.modelperf.streams.stores.Resolution;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/trends?days=&model=&category=&interval=hour|day&tenant=}: one point per hour or day. */
public final class TrendsController {

    public record Point(Instant start, StatsView stats) {
    }

    public record Trend(String tenant, String model, String category, String interval, int days, List<Point> points) {
    }

    private final StatsService stats;
    private final Clock clock;

    public TrendsController(StatsService stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    public void trends(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String interval = QueryParameters.oneOf(ctx, "interval", "hour", List.of("hour", "day"));
        int days = QueryParameters.integer(ctx, "days", 7, 1, 400);
        if (interval.equals("hour") && days > 30) {
            throw new BadRequestException("days", "must be at most 30 with interval=hour (hourly aggregates are kept 30 days)");
        }
        String model = ctx.queryParam("model");
        String category = QueryParameters.category(ctx);
        Resolution resolution = interval.equals("hour") ? Resolution.HOUR : Resolution.DAY;
        long to = clock.millis();
        Answers.json(ctx, stats.series(tenant, category, model == null || model.isEmpty() ? null : model,
                        to - Duration.ofDays(days).toMillis(), to, resolution)
                .thenApply(series -> new Trend(tenant, model, category, interval, days, series.entrySet().stream()
                        .map(e -> new Point(Instant.ofEpochMilli(e.getKey()), StatsView.of(e.getValue())))
                        .toList())));
    }
}
