package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Renders a {@code /api/v1/rankings} answer as a fixed-width terminal table. */
final class RankingsTable {

    private RankingsTable() {
    }

    static String render(JsonNode rankings) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Rankings for tenant %s, category %s, last %s, priority %s%n",
                rankings.path("tenant").asText(), rankings.path("category").asText(), rankings.path("window").asText(),
                rankings.path("priority").asText()));
        out.append(String.format(Locale.ROOT, "  %-28s %6s %7s %8s %8s %8s %11s  %s%n",
                "MODEL", "SCORE", "CALLS", "SUCCESS", "P50 MS", "P95 MS", "$/SUCCESS", "HEALTH"));
        for (JsonNode model : rankings.path("models")) {
            JsonNode perSuccess = model.path("costPerSuccessUsd");
            out.append(String.format(Locale.ROOT, "  %-28s %6.1f %7d %7.1f%% %8.0f %8.0f %11s  %s%n",
                    model.path("model").asText(), model.path("score").asDouble(), model.path("samples").asLong(),
                    100 * model.path("successRate").asDouble(), model.path("latencyP50Ms").asDouble(),
                    model.path("latencyP95Ms").asDouble(),
                    perSuccess.isNumber() ? String.format(Locale.ROOT, "$%.5f", perSuccess.asDouble()) : "-",
                    model.path("health").path("status").asText()));
        }
        return out.toString();
    }

    /** Calls counted over all models of a rankings answer. */
    static long totalCalls(JsonNode rankings) {
        long total = 0;
        for (JsonNode model : rankings.path("models")) {
            total += model.path("samples").asLong();
        }
        return total;
    }
}
