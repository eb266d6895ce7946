package dev.modelperf.query.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Renders a {@code /api/v1/rankings} answer as a fixed-width terminal table. */
final class RankingsTable {

    private RankingsTable() {
    }

    static String render(JsonNode rankings) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Rankings for tenant %s, category %s, last %s%n",
                rankings.path("tenant").asText(), rankings.path("category").asText(), rankings.path("window").asText()));
        out.append(String.format(Locale.ROOT, "  %-28s %7s %8s %8s %8s %11s%n", "MODEL", "CALLS", "SUCCESS", "P50 MS", "P95 MS", "COST/CALL"));
        for (JsonNode model : rankings.path("models")) {
            JsonNode perCall = model.path("cost").path("perCallUsd");
            out.append(String.format(Locale.ROOT, "  %-28s %7d %7.1f%% %8.0f %8.0f %11s%n",
                    model.path("model").asText(), model.path("count").asLong(), 100 * model.path("successRate").asDouble(),
                    model.path("latencyMs").path("p50").asDouble(), model.path("latencyMs").path("p95").asDouble(),
                    perCall.isNumber() ? String.format(Locale.ROOT, "$%.5f", perCall.asDouble()) : "-"));
        }
        return out.toString();
    }

    /** Calls counted over all models of a rankings answer. */
    static long totalCalls(JsonNode rankings) {
        long total = 0;
        for (JsonNode model : rankings.path("models")) {
            total += model.path("count").asLong();
        }
        return total;
    }
}
