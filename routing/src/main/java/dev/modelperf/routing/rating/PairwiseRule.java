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
     * thirds: {@code k + 1} when the scores of {@code k} answers decide every pair, else 3 (one).
     * Pairs read from one set of scores are correlated (the answer that scores high beats everyone);
     * at even strengths a model's summed residual over its {@code k − 1} pairs has variance
     * {@code (k − 1)(k + 1)/12} instead of {@code (k − 1)/4}, and the covariances between models
     * grow by the same factor {@code (k + 1)/3}, so the sandwich's middle scales by it.
     */
    public static int varianceWeightThirds(Comparison comparison) {
        List<ComparisonEntry> entries = comparison.getEntries();
        boolean scored = !comparison.getTie() && entries.stream().allMatch(entry -> entry.getScore() != null);
        return scored ? entries.size() + 1 : 3;
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
