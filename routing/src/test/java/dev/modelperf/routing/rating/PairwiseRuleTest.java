package dev.modelperf.routing.rating;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.routing.rating.PairResult.Outcome;
import org.junit.jupiter.api.Test;

class PairwiseRuleTest {

    @Test
    void aTieMakesEveryPairATieWhateverTheScores() {
        assertThat(PairwiseRule.results(Comparisons.tie("a", "b", "c"))).containsExactly(
                new PairResult("a", "b", Outcome.TIE), new PairResult("a", "c", Outcome.TIE), new PairResult("b", "c", Outcome.TIE));
    }

    @Test
    void scoresOnEveryEntryDecideEachPairAndOverruleTheDeclaredWinner() {
        assertThat(PairwiseRule.results(Comparisons.scored("c", "a", 0.9, "b", 0.4, "c", 0.4))).containsExactly(
                new PairResult("a", "b", Outcome.FIRST), new PairResult("a", "c", Outcome.FIRST), new PairResult("b", "c", Outcome.TIE));
    }

    @Test
    void withoutEveryScoreTheWinnerBeatsEachOtherAndTheOthersCarryNothing() {
        assertThat(PairwiseRule.results(Comparisons.scored("b", "a", 0.9, "b", null, "c", 0.1))).containsExactly(
                new PairResult("b", "a", Outcome.FIRST), new PairResult("b", "c", Outcome.FIRST));
    }

    @Test
    void noScoresNoWinnerAndNoTieHoldNoResult() {
        assertThat(PairwiseRule.results(Comparisons.withWinner(null, "a", "b"))).isEmpty();
    }

    @Test
    void resultsReadFromOneComparisonWeighTheirDesignEffect() {
        assertThat(PairwiseRule.varianceWeightSixths(Comparisons.scored(null, "a", 0.9, "b", 0.4, "c", 0.4, "d", 0.1, "e", 0.0)))
                .as("five scores: (5 + 1) / 3 = 2").isEqualTo(12);
        assertThat(PairwiseRule.varianceWeightSixths(Comparisons.scored(null, "a", 0.9, "b", 0.4))).isEqualTo(6);
        assertThat(PairwiseRule.varianceWeightSixths(Comparisons.scored("a", "a", 0.9, "b", null, "c", 0.1)))
                .as("a winner among three: 3 / 2").isEqualTo(9);
        assertThat(PairwiseRule.varianceWeightSixths(Comparisons.withWinner("a", "a", "b"))).isEqualTo(6);
        assertThat(PairwiseRule.varianceWeightSixths(Comparisons.withWinner("a", "a", "b", "c", "d", "e")))
                .as("a winner among five: 5 / 2").isEqualTo(15);
        assertThat(PairwiseRule.varianceWeightSixths(Comparisons.tie("a", "b", "c", "d"))).isEqualTo(6);
    }
}
