package dev.modelperf.query;

import dev.modelperf.schemas.validation.ModelCallRules;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
        WINDOWS = java.util.Collections.unmodifiableMap(windows);
    }

    private QueryParameters() {
    }

    public static String tenant(Context ctx) {
        String tenant = ctx.queryParam("tenant");
        if (tenant == null || tenant.isEmpty()) {
            return "default";
        }
        if (!ModelCallRules.TENANT.matcher(tenant).matches()) {
            throw new BadRequestException("tenant", "must match " + ModelCallRules.TENANT.pattern());
        }
        return tenant;
    }

    /** The category path, or null for all categories. */
    public static String category(Context ctx) {
        String category = ctx.queryParam("category");
        if (category == null || category.isEmpty() || category.equals("*")) {
            return null;
        }
        if (!ModelCallRules.CATEGORY.matcher(category).matches()) {
            throw new BadRequestException("category", "must be 1-4 '/'-separated segments of [a-z0-9_-] (e.g. code/backend/api), or * for all");
        }
        return category;
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
}
