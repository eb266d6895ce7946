package dev.modelperf.toolbox.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One screen of {@code modelperf top}, as text: the window's totals with the calls' trend, the best
 * model of every category, the models that are not healthy and the alerts firing. Every figure is
 * one the API answered; only the time left on a blacklist is worked out here, from its deadline.
 */
public final class TopFrame {

    /** The span of one trend point for each window, as the web dashboard draws them. */
    static final Map<String, String> INTERVAL_BY_WINDOW = Map.of("1h", "minute", "24h", "hour", "7d", "hour", "30d", "day");
    /** Days of categories to list for each window: the categories endpoint counts whole days. */
    static final Map<String, Integer> CATEGORY_DAYS = Map.of("1h", 1, "24h", 1, "7d", 7, "30d", 30);
    private static final String SPARKS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
    private static final int SUMMARY_WIDTH = 90;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** What one frame shows: the API's answers, read together. */
    public record Answers(JsonNode trend, JsonNode categories, List<JsonNode> rankings, JsonNode health, JsonNode firing) {
    }

    private TopFrame() {
    }

    /** Reads what a frame shows for {@code tenant} (null: the key's, or {@code default}) over {@code window}. */
    public static Answers read(Api api, String tenant, String window) throws Exception {
        JsonNode trend = api.get("/api/v1/trends", "tenant", tenant, "window", window, "interval", INTERVAL_BY_WINDOW.get(window));
        JsonNode categories = api.get("/api/v1/categories", "tenant", tenant, "days", String.valueOf(CATEGORY_DAYS.get(window)));
        List<JsonNode> rankings = new ArrayList<>();
        for (JsonNode category : categories.path("categories")) {
            rankings.add(api.get("/api/v1/rankings", "tenant", tenant, "window", window, "mode", "best",
                    "category", category.path("category").asText()));
        }
        JsonNode health = api.get("/api/v1/health", "tenant", tenant);
        JsonNode firing = api.get("/api/v1/alerts", "tenant", tenant, "state", "firing");
        return new Answers(trend, categories, rankings, health, firing);
    }

    /** The API as a frame reads it: a GET of {@code path} with name, value pairs (a null value left out). */
    @FunctionalInterface
    public interface Api {
        JsonNode get(String path, String... params) throws Exception;
    }

    /** The frame's text, every line ending in a newline; {@code now} dates it and counts down the blacklists. */
    public static String render(Answers answers, String url, String window, Instant now) {
        StringBuilder out = new StringBuilder();
        JsonNode total = answers.trend().path("total");
        line(out, "ModelPerf top \u00b7 tenant %s \u00b7 last %s \u00b7 %s \u00b7 %s", answers.trend().path("tenant").asText(), window, url,
                CLOCK.format(now));
        out.append('\n');
        line(out, "%-10s %-9s %-13s %-11s %s", "CALLS", "SUCCESS", "P95 LATENCY", "COST", "SATISFACTION");
        line(out, "%-10s %-9s %-13s %-11s %s", String.format(Locale.ROOT, "%,d", total.path("count").asLong()),
                percent(total.path("successRate")), millis(total.path("latencyMs").path("p95")),
                usd(total.path("cost").path("totalUsd")), percent(total.path("feedback").path("satisfaction")));
        JsonNode points = answers.trend().path("points");
        line(out, "calls per %s  %s  (%d %ss with calls)", answers.trend().path("interval").asText(), sparkline(points),
                points.size(), answers.trend().path("interval").asText());
        out.append('\n');

        line(out, "%-28s %-26s %6s %6s %8s %9s  %s", "CATEGORY", "BEST MODEL", "SCORE", "CALLS", "SUCCESS", "P95", "HEALTH");
        List<JsonNode> rankings = answers.rankings();
        for (int i = 0; i < rankings.size(); i++) {
            JsonNode category = answers.categories().path("categories").get(i);
            String name = "  ".repeat(category.path("depth").asInt()) + category.path("category").asText();
            JsonNode ranking = rankings.get(i);
            JsonNode best = ranking.path("models").path(0);
            if (!ranking.path("basis").path("source").asText().equals("CATEGORY") || best.isMissingNode()) {
                line(out, "%-28s %s", name, "(no calls in this window)");
                continue;
            }
            line(out, "%-28s %-26s %6.1f %6d %8s %9s  %s", name, best.path("model").asText(), best.path("score").asDouble(),
                    best.path("samples").asLong(), percent(best.path("successRate")), millis(best.path("latencyP95Ms")),
                    best.path("health").path("status").asText());
        }
        out.append('\n');

        List<JsonNode> unhealthy = new ArrayList<>();
        answers.health().path("models").forEach(m -> {
            if (!m.path("status").asText().equals("HEALTHY")) {
                unhealthy.add(m);
            }
        });
        line(out, "HEALTH: %d of %d models not healthy", unhealthy.size(), answers.health().path("models").size());
        for (JsonNode model : unhealthy) {
            JsonNode until = model.path("blacklistedUntil");
            String deadline = until.isTextual()
                    ? "until " + CLOCK.format(Instant.parse(until.asText())) + ", " + left(Instant.parse(until.asText()), now) + " left; "
                    : "";
            line(out, "  %-28s %-12s %s%d failures in a row; %s", model.path("model").asText(), model.path("status").asText(), deadline,
                    model.path("consecutiveFailures").asInt(), model.path("lastError").asText("no error"));
        }
        out.append('\n');

        line(out, "ALERTS FIRING: %d", answers.firing().path("count").asInt());
        for (JsonNode alert : answers.firing().path("alerts")) {
            line(out, "  %-9s %-22s %s", alert.path("severity").asText(), alert.path("rule").asText(),
                    shorten(alert.path("summary").asText(), SUMMARY_WIDTH));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args).stripTrailing()).append('\n');
    }

    /** One bar a point, scaled to the largest: the shape of the series, not its values. */
    static String sparkline(JsonNode points) {
        long max = 0;
        for (JsonNode point : points) {
            max = Math.max(max, point.path("stats").path("count").asLong());
        }
        StringBuilder spark = new StringBuilder();
        for (JsonNode point : points) {
            long calls = point.path("stats").path("count").asLong();
            int level = max == 0 ? 0 : (int) Math.round((double) calls / max * (SPARKS.length() - 1));
            spark.append(SPARKS.charAt(level));
        }
        return spark.isEmpty() ? "-" : spark.toString();
    }

    static String left(Instant until, Instant now) {
        long seconds = Math.max(0, Duration.between(now, until).toSeconds());
        long hours = seconds / 3600;
        return hours > 0
                ? String.format(Locale.ROOT, "%d h %02d min", hours, seconds % 3600 / 60)
                : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    private static String percent(JsonNode rate) {
        return rate.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * rate.asDouble()) : "-";
    }

    private static String millis(JsonNode value) {
        if (!value.isNumber()) {
            return "-";
        }
        double ms = value.asDouble();
        return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%,.0f ms", ms);
    }

    private static String usd(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "$%,.4f", value.asDouble()) : "-";
    }

    private static String shorten(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "\u2026";
    }
}
