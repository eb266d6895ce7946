package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * Renders the routing answers of the query API as fixed-width terminal text: the cascade's layers
 * with capture bars and the targets they are held to, the threshold proposals, and one layer's
 * threshold curve.
 */
final class RoutingTables {

    static final double ACCURACY_TARGET = 0.95;
    static final double FIRST_LAYER_CAPTURE_TARGET = 0.30;
    static final double SECOND_LAYER_CAPTURE_TARGET = 0.40;
    static final double LATENCY_TARGET_MS = 100;
    static final double CLARIFICATION_TARGET = 0.05;
    private static final int BAR = 25;

    private RoutingTables() {
    }

    /** A {@code /api/v1/routing/layers} answer: each layer's share of all decisions as a bar, then the targets met or missed. */
    static String layers(JsonNode answer) {
        JsonNode cascade = answer.path("cascade");
        StringBuilder out = new StringBuilder();
        long decisions = cascade.path("decisions").asLong();
        out.append(String.format(Locale.ROOT, "Routing cascade of tenant %s, last %s: %,d decisions, accuracy %s, mean latency %s, "
                        + "clarified %s%n", answer.path("tenant").asText(), answer.path("window").asText(), decisions,
                percent(cascade.path("accuracy")), millis(cascade.path("latencyMs").path("mean")), percent(cascade.path("clarificationRate"))));
        out.append(String.format(Locale.ROOT, "  %-12s %9s %8s %8s  %-" + BAR + "s %7s %8s %8s%n", "LAYER", "THRESHOLD", "REACHED",
                "CAPTURE", "SHARE OF ALL DECISIONS", "", "ACCURACY", "MEAN MS"));
        for (JsonNode layer : answer.path("layers")) {
            JsonNode thresholds = layer.path("thresholds");
            JsonNode latest = thresholds.isEmpty() ? null : thresholds.get(thresholds.size() - 1);
            double share = layer.path("captureShare").asDouble();
            out.append(String.format(Locale.ROOT, "  %-12s %9s %,8d %8s  %s %7s %8s %8s%n", layer.path("layerId").asText(),
                    latest == null ? "-" : String.format(Locale.ROOT, "%.2f", latest.path("value").asDouble()), layer.path("attempts").asLong(),
                    percent(layer.path("captureRate")), bar(share), percent(layer.path("captureShare")), percent(layer.path("accuracy")),
                    millis(layer.path("latencyMs").path("mean"))));
        }
        double clarified = cascade.path("clarificationRate").asDouble();
        out.append(String.format(Locale.ROOT, "  %-12s %9s %8s %8s  %s %7s%n", "(clarify)", "", "", "", bar(clarified),
                percent(cascade.path("clarificationRate"))));
        out.append(targets(answer));
        return out.toString();
    }

    private static String targets(JsonNode answer) {
        JsonNode cascade = answer.path("cascade");
        JsonNode layers = answer.path("layers");
        StringBuilder out = new StringBuilder("Targets:");
        out.append(target(" accuracy > 95 %", cascade.path("accuracy"), value -> value > ACCURACY_TARGET));
        out.append(target(", layer 1 capture > 30 %", layers.path(0).path("captureRate"), value -> value > FIRST_LAYER_CAPTURE_TARGET));
        out.append(target(", layer 2 capture > 40 %", layers.path(1).path("captureRate"), value -> value > SECOND_LAYER_CAPTURE_TARGET));
        out.append(target(", mean latency < 100 ms", cascade.path("latencyMs").path("mean"), value -> value < LATENCY_TARGET_MS));
        out.append(target(", clarification < 5 %", cascade.path("clarificationRate"), value -> value < CLARIFICATION_TARGET));
        return out.append(String.format("%n")).toString();
    }

    private static String target(String name, JsonNode value, DoublePredicate met) {
        return name + (value.isNumber() ? met.test(value.asDouble()) ? " met" : " MISSED" : " unknown");
    }

    /** A {@code /api/v1/routing/thresholds} answer: per layer the current and recommended thresholds, their effect, and why. */
    static String proposals(JsonNode answer) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Thresholds of tenant %s, last %s (accuracy target %s with %.0f %% confidence, "
                        + "at least %d judged proposals):%n", answer.path("tenant").asText(), answer.path("window").asText(),
                percent(answer.path("accuracyTarget")), 100 * answer.path("confidence").asDouble(), answer.path("minSample").asLong()));
        if (answer.path("layers").isEmpty()) {
            out.append("  no layer routed anything in this window.\n");
            return out.toString();
        }
        out.append(String.format(Locale.ROOT, "  %-12s %7s %11s %-6s %8s %-19s %-19s%n", "LAYER", "CURRENT", "RECOMMENDED", "CHANGE",
                "JUDGED", "CAPTURE", "ACCURACY"));
        for (JsonNode layer : answer.path("layers")) {
            JsonNode current = layer.path("current");
            JsonNode recommended = layer.path("recommended");
            out.append(String.format(Locale.ROOT, "  %-12s %7.2f %11.2f %-6s %,8d %-19s %-19s%n", layer.path("layerId").asText(),
                    layer.path("currentThreshold").asDouble(), layer.path("recommendedThreshold").asDouble(), layer.path("change").asText(),
                    layer.path("judged").asLong(), percent(current.path("capture")) + " -> " + percent(recommended.path("capture")),
                    percent(current.path("accuracy")) + " -> " + percent(recommended.path("accuracy"))));
            out.append("      ").append(layer.path("reason").asText()).append(String.format("%n"));
        }
        return out.toString();
    }

    /** One layer's analysis with its curve: every fifth grid threshold, and the current and recommended ones, with capture bars. */
    static String curve(JsonNode layer) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Layer %s: %,d proposals, %,d judged; of those it passed on, %,d of %,d were right; "
                        + "%,d it accepted were wrong.%n", layer.path("layerId").asText(), layer.path("proposals").asLong(),
                layer.path("judged").asLong(), layer.path("passedOnCorrect").asLong(), layer.path("passedOnJudged").asLong(),
                layer.path("acceptedWrong").asLong()));
        out.append("  ").append(layer.path("reason").asText()).append(String.format("%n"));
        out.append(String.format(Locale.ROOT, "  %9s %8s %-" + BAR + "s %7s %8s %15s%n", "THRESHOLD", "ACCEPTED", "CAPTURE", "",
                "ACCURACY", "WILSON BOUNDS"));
        long currentStep = Math.round(layer.path("currentThreshold").asDouble() * 100);
        long recommendedStep = Math.round(layer.path("recommendedThreshold").asDouble() * 100);
        for (JsonNode point : layer.path("curve")) {
            long step = Math.round(point.path("threshold").asDouble() * 100);
            if (step % 5 != 0 && step != currentStep && step != recommendedStep) {
                continue;
            }
            String mark = step == currentStep && step == recommendedStep ? "  <- current, recommended"
                    : step == currentStep ? "  <- current" : step == recommendedStep ? "  <- recommended" : "";
            out.append(String.format(Locale.ROOT, "  %9.2f %,8d %s %7s %8s %15s%s%n", point.path("threshold").asDouble(),
                    point.path("accepted").asLong(), bar(point.path("capture").asDouble()), percent(point.path("capture")),
                    percent(point.path("accuracy")), point.path("accuracyLower").isNumber()
                            ? percent(point.path("accuracyLower")) + "-" + percent(point.path("accuracyUpper")) : "-",
                    mark));
        }
        return out.toString();
    }

    static String bar(double share) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, Double.isFinite(share) ? share : 0)) * BAR);
        return "#".repeat(filled) + ".".repeat(BAR - filled);
    }

    private static String percent(JsonNode share) {
        return share.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * share.asDouble()) : "-";
    }

    private static String millis(JsonNode ms) {
        return ms.isNumber() ? String.format(Locale.ROOT, "%.1f ms", ms.asDouble()) : "-";
    }
}
