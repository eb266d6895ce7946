package dev.modelperf.query;

import dev.modelperf.query.auth.AccessControl;
import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.schemas.validation.ModelCallRules;
import dev.modelperf.streams.comparison.RatingWindow;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads and checks the query parameters the endpoints share; a bad one is a {@link BadRequestException}. */
public final class QueryParameters {

    /** Spans answerable from the 1-minute windows, by the name callers use. */
    public static final Map<String, Duration> WINDOWS;

    static {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("5m", Duration.ofMinutes(5));
        windows.put("15m", Duration.ofMinutes(15));
        windows.put("1h", Duration.ofHours(1));
        windows.put("6h", Duration.ofHours(6));
        windows.put("24h", Duration.ofHours(24));
        windows.put("7d", Duration.ofDays(7));
        windows.put("30d", Duration.ofDays(30));
        windows.put("90d", Duration.ofDays(90));
        WINDOWS = java.util.Collections.unmodifiableMap(windows);
    }

    private QueryParameters() {
    }

    /** The {@code tenant} parameter; absent, the API key's tenant, or {@code default} when access control is off. */
    public static String tenant(Context ctx) {
        String tenant = ctx.queryParam("tenant");
        if (tenant == null || tenant.isEmpty()) {
            return AccessControl.defaultTenant(ctx, "default");
        }
        if (!ModelCallRules.TENANT.matcher(tenant).matches()) {
            throw new BadRequestException("tenant", "must match " + ModelCallRules.TENANT.pattern());
        }
        return tenant;
    }

    /** The category level: a path, or {@code *} (the default) for all categories. */
    public static String category(Context ctx) {
        String category = ctx.queryParam("category");
        if (category == null || category.isEmpty() || category.equals(CategoryPath.ROOT)) {
            return CategoryPath.ROOT;
        }
        if (!CategoryPath.isPath(category)) {
            throw new BadRequestException("category", "must be " + CategoryPath.RULE + " (e.g. code/backend/api), or * for all");
        }
        return category;
    }

    /** A whole number within bounds, or {@code fallback} when absent. */
    public static int integer(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the rule
        }
        throw new BadRequestException(name, "must be a whole number between " + min + " and " + max);
    }

    /** A whole number (64 bits), or null when absent. */
    public static Long optionalLong(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, "must be a whole number");
        }
    }

    /** A number from 0 to 1, or null when absent. */
    public static Double optionalFraction(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the rule
        }
        throw new BadRequestException(name, "must be a number from 0 to 1");
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    public static String oneOf(Context ctx, String name, String fallback, java.util.List<String> allowed) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        if (!allowed.contains(text)) {
            throw new BadRequestException(name, "must be one of " + String.join(", ", allowed));
        }
        return text;
    }

    public static String window(Context ctx, String fallback) {
        String window = ctx.queryParam("window");
        if (window == null || window.isEmpty()) {
            return fallback;
        }
        if (!WINDOWS.containsKey(window)) {
            throw new BadRequestException("window", "must be one of " + String.join(", ", WINDOWS.keySet()));
        }
        return window;
    }

    /** The {@code window} of an answer read from day buckets (ratings, ensemble), or {@code fallback} when absent. */
    public static RatingWindow dayWindow(Context ctx, RatingWindow fallback) {
        String text = ctx.queryParam("window");
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        return RatingWindow.of(text).orElseThrow(() -> new BadRequestException("window", "must be one of "
                + Arrays.stream(RatingWindow.values()).map(RatingWindow::label).collect(Collectors.joining(", "))
                + " (whole UTC days up to today)"));
    }
}
