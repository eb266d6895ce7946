package dev.modelperf.query.analytics;

import dev.modelperf.schemas.category.CategoryPath;
import dev.modelperf.streams.stores.CallStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain-language findings from per-category, per-model aggregates: a model much faster or much
 * cheaper than another of the same reliability, and models that fail often. Only models with
 * enough calls to mean something are compared.
 */
final class Insights {

    static final int MIN_CALLS = 20;
    private static final double SAME_RELIABILITY = 0.02;
    private static final double NOTABLE_GAIN = 0.2;

    /** {@code subject} identifies what the finding is about, so that it is said once, at the broadest level it holds. */
    private record Finding(String subject, int depth, double weight, String text) {
    }

    private Insights() {
    }

    /** At most {@code limit} findings, strongest first; {@code byCategory} maps category → model → stats. */
    static List<String> of(Map<String, Map<String, CallStats>> byCategory, int limit) {
        List<Finding> findings = new ArrayList<>();
        byCategory.forEach((category, models) -> {
            int depth = CategoryPath.depth(category);
            List<Map.Entry<String, CallStats>> sampled = models.entrySet().stream()
                    .filter(e -> e.getValue().count() >= MIN_CALLS).toList();
            Finding fastest = null;
            Finding cheapest = null;
            for (Map.Entry<String, CallStats> a : sampled) {
                double rateA = rate(a.getValue());
                if (rateA < 0.8) {
                    findings.add(new Finding("fails " + a.getKey(), depth, 1 - rateA, String.format(Locale.ROOT, "%s fails %.0f %% of calls on %s (%d calls)",
                            a.getKey(), 100 * (1 - rateA), category, a.getValue().count())));
                }
                for (Map.Entry<String, CallStats> b : sampled) {
                    if (a == b || Math.abs(rateA - rate(b.getValue())) > SAME_RELIABILITY) {
                        continue;
                    }
                    double speedGain = 1 - a.getValue().latencyQuantileMs(0.5) / b.getValue().latencyQuantileMs(0.5);
                    if (speedGain >= NOTABLE_GAIN && (fastest == null || speedGain > fastest.weight())) {
                        fastest = new Finding("faster " + a.getKey() + " " + b.getKey(), depth, speedGain, String.format(Locale.ROOT,
                                "%s is %.0f %% faster than %s on %s (median %.0f ms vs %.0f ms) with the same success rate (%.1f %% vs %.1f %%)",
                                a.getKey(), 100 * speedGain, b.getKey(), category, a.getValue().latencyQuantileMs(0.5),
                                b.getValue().latencyQuantileMs(0.5), 100 * rateA, 100 * rate(b.getValue())));
                    }
                    // A self-hosted model (no price) is not "cheaper": its cost lies elsewhere.
                    double costGain = costPerCall(a.getValue()) > 0 && costPerCall(b.getValue()) > 0
                            ? 1 - costPerCall(a.getValue()) / costPerCall(b.getValue()) : 0;
                    if (costGain >= NOTABLE_GAIN && (cheapest == null || costGain > cheapest.weight())) {
                        cheapest = new Finding("cheaper " + a.getKey() + " " + b.getKey(), depth, costGain, String.format(Locale.ROOT,
                                "%s costs %.0f %% less per call than %s on %s with the same success rate", a.getKey(),
                                100 * costGain, b.getKey(), category));
                    }
                }
            }
            if (fastest != null) {
                findings.add(fastest);
            }
            if (cheapest != null) {
                findings.add(cheapest);
            }
        });
        Map<String, Finding> broadest = new HashMap<>();
        for (Finding finding : findings) {
            broadest.merge(finding.subject(), finding, (kept, other) -> other.depth() < kept.depth() ? other : kept);
        }
        return broadest.values().stream().sorted(Comparator.comparingDouble(Finding::weight).reversed()).limit(limit)
                .map(Finding::text).toList();
    }

    private static double rate(CallStats stats) {
        return (double) stats.successes() / stats.count();
    }

    /** Known cost per call, or 0 when no call of the aggregate has a known cost. */
    private static double costPerCall(CallStats stats) {
        return stats.costedCalls() == 0 ? 0 : stats.costUsd() / stats.costedCalls();
    }
}
