package dev.modelperf.routing.rating;

import dev.modelperf.events.Comparison;
import dev.modelperf.events.ComparisonEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The pairwise results a comparison holds, by one rule applied in this order:
 * <ol>
 *   <li>{@code tie = true}: every pair of answers is a tie (half a win each);</li>
 *   <li>every entry has a score: each pair is decided by the two scores, equal scores a tie
 *       (a declared winner then adds nothing: the scores already say more);</li>
 *   <li>a winner is declared: it beats every other entry, and the pairs among the others carry
 *       nothing (the judge said who was best, not how the rest compare);</li>
 *   <li>otherwise the comparison holds no pairwise result.</li>
 * </ol>
 */
public final class PairwiseRule {

    private PairwiseRule() {
    }

    public static List<PairResult> results(Comparison comparison) {
        List<ComparisonEntry> entries = comparison.getEntries();
        List<PairResult> results = new ArrayList<>();
        if (comparison.getTie()) {
            forEachPair(entries, (a, b) -> results.add(new PairResult(a.getModel(), b.getModel(), PairResult.Outcome.TIE)));
        } else if (entries.stream().allMatch(entry -> entry.getScore() != null)) {
            forEachPair(entries, (a, b) -> {
                int order = Double.compare(a.getScore(), b.getScore());
                PairResult.Outcome outcome = order > 0 ? PairResult.Outcome.FIRST
                        : order < 0 ? PairResult.Outcome.SECOND : PairResult.Outcome.TIE;
                results.add(new PairResult(a.getModel(), b.getModel(), outcome));
            });
        } else if (comparison.getWinner() != null) {
            for (ComparisonEntry entry : entries) {
                if (!entry.getModel().equals(comparison.getWinner())) {
                    results.add(new PairResult(comparison.getWinner(), entry.getModel(), PairResult.Outcome.FIRST));
                }
            }
        }
        return results;
    }

    /**
     * How much more each pairwise result of {@code comparison} varies than an independent one, in
     * sixths: {@code 2(k + 1)} when the scores of {@code k} answers decide every pair, {@code 3k}
     * when only a winner among {@code k} answers is declared, else 6 (one).
     *
     * <p>Pairs read from one comparison are correlated. Scored: the answer that scores high beats
     * everyone; at even strengths a model's summed residual over its {@code k − 1} pairs has
     * variance {@code (k − 1)(k + 1)/12} instead of {@code (k − 1)/4}, and the covariances between
     * models grow by the same factor {@code (k + 1)/3}. Winner only: a model's summed residual is
     * {@code (k − 1)/2} when it wins (probability {@code 1/k}) and {@code −1/2} when it loses, of
     * variance {@code (k − 1)/4}, while its results counted as independent add up to
     * {@code (k − 1)/(2k)}; two models' covariance is {@code −1/4} against {@code −1/(2k)}: the
     * factor is {@code k/2} for both. So the sandwich's middle scales by the factor exactly.
     */
    public static int varianceWeightSixths(Comparison comparison) {
        List<ComparisonEntry> entries = comparison.getEntries();
        if (comparison.getTie()) {
            return 6;
        }
        if (entries.stream().allMatch(entry -> entry.getScore() != null)) {
            return 2 * (entries.size() + 1);
        }
        return comparison.getWinner() != null ? 3 * entries.size() : 6;
    }

    private interface PairAction {
        void apply(ComparisonEntry a, ComparisonEntry b);
    }

    private static void forEachPair(List<ComparisonEntry> entries, PairAction action) {
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                action.apply(entries.get(i), entries.get(j));
            }
        }
    }
}
