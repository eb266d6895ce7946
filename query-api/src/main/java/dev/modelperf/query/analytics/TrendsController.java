package dev.modelperf.query.analytics;

import dev.modelperf.query.BadRequestException;
import dev.modelperf.query.Answers;
import dev.modelperf.query.QueryParameters;
import dev.modelperf.query.stats.StatsService;
import dev.modelperf.query.stats.StatsView;
import dev.modelperf.streams.stores.CallStats;
import dev.modelperf.streams.stores.Resolution;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * {@code GET /api/v1/trends?days=|window=&model=&category=&interval=minute|hour|day&tenant=}: one
 * point per minute, hour or day, and the whole span's figures. Percentiles cannot be merged from
 * points, so {@code total} is the span's own aggregate, not a sum of the points.
 */
public final class TrendsController {

    static final List<String> INTERVALS = List.of("minute", "hour", "day");
    /** A per-minute series covers an hour unless the caller names a span. */
    static final String DEFAULT_MINUTE_WINDOW = "1h";

    public record Point(Instant start, StatsView stats) {
    }

    /** {@code days} when the span was given in days, else {@code window}; the other is null. */
    public record Trend(String tenant, String model, String category, String interval, Integer days, String window,
                        Instant from, Instant to, StatsView total, List<Point> points) {
    }

    private final StatsService stats;
    private final Clock clock;
    private final Duration minuteRetention;

    /** {@code minuteRetention}: how long the 1-minute aggregates are kept, the longest per-minute series. */
    public TrendsController(StatsService stats, Clock clock, Duration minuteRetention) {
        this.stats = stats;
        this.clock = clock;
        this.minuteRetention = minuteRetention;
    }

    public void trends(Context ctx) {
        String tenant = QueryParameters.tenant(ctx);
        String interval = QueryParameters.oneOf(ctx, "interval", "hour", INTERVALS);
        Span span = span(ctx, interval);
        if (interval.equals("hour") && span.length().compareTo(Duration.ofDays(30)) > 0) {
            throw new BadRequestException(span.parameter(), "must be at most 30 days with interval=hour (hourly aggregates are kept 30 days)");
        }
        if (interval.equals("minute") && span.length().compareTo(minuteRetention) > 0) {
            throw new BadRequestException(span.parameter(), "must span at most " + minuteRetention.toMinutes() / 60.0
                    + " hours with interval=minute (1-minute aggregates are kept window.minute.retention)");
        }
        String model = ctx.queryParam("model");
        String category = QueryParameters.category(ctx);
        Resolution resolution = switch (interval) {
            case "minute" -> Resolution.MINUTE;
            case "hour" -> Resolution.HOUR;
            default -> Resolution.DAY;
        };
        long to = clock.millis();
        long from = to - span.length().toMillis();
        Answers.json(ctx, stats.series(tenant, category, model == null || model.isEmpty() ? null : model, from, to, resolution)
                .thenApply(series -> new Trend(tenant, model, category, interval, span.days(), span.window(), Instant.ofEpochMilli(from),
                        Instant.ofEpochMilli(to), StatsView.of(total(series)), series.entrySet().stream()
                        .map(e -> new Point(Instant.ofEpochMilli(e.getKey()), StatsView.of(e.getValue())))
                        .toList())));
    }

    /** The span asked for: {@code days} or {@code window}, never both; by default 7 days, or 1 hour per minute. */
    private static Span span(Context ctx, String interval) {
        String window = QueryParameters.window(ctx, null);
        String days = ctx.queryParam("days");
        boolean daysGiven = days != null && !days.isEmpty();
        if (window != null && daysGiven) {
            throw new BadRequestException("window", "must not be given with days: both set the span");
        }
        if (window == null && !daysGiven && interval.equals("minute")) {
            window = DEFAULT_MINUTE_WINDOW;
        }
        if (window != null) {
            return new Span(null, window, QueryParameters.WINDOWS.get(window), "window");
        }
        int dayCount = QueryParameters.integer(ctx, "days", 7, 1, 400);
        return new Span(dayCount, null, Duration.ofDays(dayCount), "days");
    }

    private record Span(Integer days, String window, Duration length, String parameter) {
    }

    private static CallStats total(SortedMap<Long, CallStats> series) {
        CallStats total = new CallStats();
        series.values().forEach(total::merge);
        return total;
    }
}
