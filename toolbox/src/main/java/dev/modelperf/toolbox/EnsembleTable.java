package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@code /api/v1/ensemble} answer: the advice first, then the panel sizes and the models behind it. */
final class EnsembleTable {

    private EnsembleTable() {
    }

    static String render(JsonNode advice) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Ensemble advice for tenant %s, category %s, last %s (%s to %s): %d comparisons, %d decided, %d ties%n",
                advice.path("tenant").asText(), advice.path("category").asText(), advice.path("window").asText(),
                advice.path("from").asText(), advice.path("until").asText(), advice.path("comparisons").asLong(),
                advice.path("decided").asLong(), advice.path("ties").asLong()));
        out.append(String.format(Locale.ROOT, "  Ask %d of %d: %s%n", advice.path("recommendedSize").asInt(),
                advice.path("fullPanelSize").asInt(), names(advice.path("models"))));
        out.append("  ").append(advice.path("reason").asText()).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "  Cost per task: %s, full panel %s (target %.1f %% at %.0f %% confidence)%n",
                usd(advice.path("expectedCostUsd")), usd(advice.path("fullPanelCostUsd")), 100 * advice.path("target").asDouble(),
                100 * advice.path("confidence").asDouble()));
        out.append("  Stop early: ").append(advice.path("stopEarly").path("rule").asText()).append(System.lineSeparator());
        if (!advice.path("sizes").isEmpty()) {
            out.append(String.format(Locale.ROOT, "%n  %2s  %-40s %13s %10s %10s %10s %11s%n",
                    "K", "MODELS", "AGREED", "AGREEMENT", "AT LEAST", "$/TASK", "LATENCY MS"));
            for (JsonNode size : advice.path("sizes")) {
                out.append(String.format(Locale.ROOT, "  %2d  %-40s %13s %10s %9.1f%% %10s %11s%n", size.path("k").asInt(),
                        names(size.path("models")), size.path("agreed").asLong() + " of " + size.path("comparisons").asLong(),
                        percent(size.path("agreement")), 100 * size.path("agreementLower").asDouble(), usd(size.path("costUsd")),
                        number(size.path("latencyMs"))));
            }
        }
        if (!advice.path("ranking").isEmpty()) {
            out.append(String.format(Locale.ROOT, "%n  %-32s %8s %8s %10s %10s %10s %11s%n",
                    "MODEL", "ANSWERS", "WINS", "WIN SHARE", "MEAN SCORE", "$/ANSWER", "LATENCY MS"));
            for (JsonNode model : advice.path("ranking")) {
                JsonNode score = model.path("meanScore");
                out.append(String.format(Locale.ROOT, "  %-32s %8d %8.1f %10s %10s %10s %11s%n", model.path("model").asText(),
                        model.path("answers").asLong(), model.path("wins").asDouble(), percent(model.path("winShare")),
                        score.isNumber() ? String.format(Locale.ROOT, "%.3f", score.asDouble()) : "-", usd(model.path("meanCostUsd")),
                        number(model.path("meanLatencyMs"))));
            }
        }
        return out.toString();
    }

    private static String names(JsonNode models) {
        List<String> names = new ArrayList<>();
        models.forEach(model -> names.add(model.asText()));
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    private static String usd(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "$%.5f", value.asDouble()) : "-";
    }

    private static String percent(JsonNode share) {
        return share.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * share.asDouble()) : "-";
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.0f", value.asDouble()) : "-";
    }
}
