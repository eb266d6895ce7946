package dev.modelperf.toolbox.load;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import dev.modelperf.schemas.category.CategoryPath;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pairwise results inside generated comparisons, per top-level category: each pair of
 * answers is one result, won by the higher score, half each way when the scores are equal or the
 * comparison is a tie. These are the counts Bradley–Terry ratings are fitted on, so a run's
 * summary can set them beside the true ratings, and tests can compare win shares with the truth.
 */
public final class PairwiseTally {

    /** One category's counts: debates, ties, and per ordered pair of models the results and the wins of the first. */
    public static final class CategoryCounts {
        private long debates;
        private long ties;
        private final Map<String, Map<String, double[]>> pairs = new TreeMap<>();

        public long debates() {
            return debates;
        }

        public long ties() {
            return ties;
        }

        /** Results between {@code a} and {@code b}. */
        public long results(String a, String b) {
            double[] counts = pairs.getOrDefault(a, Map.of()).get(b);
            return counts == null ? 0 : (long) counts[0];
        }

        /** {@code a}'s wins against {@code b}, a tie counting half. */
        public double wins(String a, String b) {
            double[] counts = pairs.getOrDefault(a, Map.of()).get(b);
            return counts == null ? 0 : counts[1];
        }

        /** {@code model}'s wins against everyone, a tie counting half. */
        public double wins(String model) {
            return pairs.getOrDefault(model, Map.of()).values().stream().mapToDouble(c -> c[1]).sum();
        }

        /** Every pairwise result {@code model} took part in. */
        public long results(String model) {
            return pairs.getOrDefault(model, Map.of()).values().stream().mapToLong(c -> (long) c[0]).sum();
        }

        private void add(String a, String b, double winsOfA) {
            double[] ab = pairs.computeIfAbsent(a, k -> new TreeMap<>()).computeIfAbsent(b, k -> new double[2]);
            ab[0]++;
            ab[1] += winsOfA;
            double[] ba = pairs.computeIfAbsent(b, k -> new TreeMap<>()).computeIfAbsent(a, k -> new double[2]);
            ba[0]++;
            ba[1] += 1 - winsOfA;
        }
    }

    private final Map<String, CategoryCounts> byCategory = new TreeMap<>();

    public synchronized void count(Comparison comparison) {
        CategoryCounts counts = byCategory.computeIfAbsent(CategoryPath.topLevel(comparison.getCategory()), k -> new CategoryCounts());
        counts.debates++;
        counts.ties += comparison.getTie() ? 1 : 0;
        List<ComparisonEntry> entries = comparison.getEntries();
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                double a = entries.get(i).getScore();
                double b = entries.get(j).getScore();
                counts.add(entries.get(i).getModel(), entries.get(j).getModel(), comparison.getTie() || a == b ? 0.5 : a > b ? 1 : 0);
            }
        }
    }

    /** The counts of one top-level category; empty counts when no debate was in it. */
    public synchronized CategoryCounts category(String topLevel) {
        return byCategory.getOrDefault(topLevel, new CategoryCounts());
    }
}
