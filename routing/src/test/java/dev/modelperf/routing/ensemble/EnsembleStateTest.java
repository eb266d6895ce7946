package dev.modelperf.routing.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleStateTest {

    @Test
    void theBestKAreRankedByTheHistoryBeforeTheComparison() {
        EnsembleState state = new EnsembleState(0.1);
        Panel panel = Panels.of().answer("a", 0.9).answer("b", 0.5).answer("c", 0.4).won("a");

        state.record(panel, List.of("c", "b", "a"));

        assertThat(state.asked(1)).isEqualTo(1);
        assertThat(state.agreed(1)).isZero();
        assertThat(state.agreed(2)).as("c and b: b scores higher, but a won").isZero();
        assertThat(state.asked(3)).as("three answers: k = 3 is the full panel itself").isZero();
        assertThat(state.ranking()).as("after it, a's win puts it first").first().isEqualTo("a");
    }

    @Test
    void theDeclaredWinnerIsPickedWhenAmongTheBestKEvenIfItScoresLower() {
        EnsembleState state = new EnsembleState(0.1);

        state.record(Panels.of().answer("a", 0.9).answer("b", 0.5).answer("c", 0.4).won("b"), List.of("a", "b", "c"));

        assertThat(state.agreed(1)).isZero();
        assertThat(state.agreed(2)).isEqualTo(1);
    }

    @Test
    void withoutADeclaredWinnerTheTopScoreDecidesAndEqualTopScoresAllCount() {
        EnsembleState state = new EnsembleState(0.1);

        state.record(Panels.of().answer("a", 0.7).answer("b", 0.9).answer("c", 0.9).byScore(), List.of("a", "c", "b"));

        assertThat(state.agreed(1)).as("a is not among the top scores").isZero();
        assertThat(state.agreed(2)).as("a and c: c has a top score").isEqualTo(1);
        assertThat(state.models().get("b").wins()).isEqualTo(0.5);
        assertThat(state.models().get("c").wins()).isEqualTo(0.5);
    }

    @Test
    void aTieAgreesWithWhateverFewerModelsPick() {
        EnsembleState state = new EnsembleState(0.1);

        state.record(Panels.of().answer("a", 0.5).answer("b", 0.5).answer("c", 0.5).tie(), List.of());

        assertThat(state.ties()).isEqualTo(1);
        assertThat(state.agreed(1)).isEqualTo(1);
        assertThat(state.agreed(2)).isEqualTo(1);
        assertThat(state.lowVarianceAgreed(2)).as("equal scores: no variance").isEqualTo(1);
        assertThat(state.models().get("a").wins()).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void aComparisonWithNeitherWinnerNorScoresIsCountedButNotJudged() {
        EnsembleState state = new EnsembleState(0.1);

        state.record(new Panel(0, List.of(new Panel.Answer("a", null, null, 0.01), new Panel.Answer("b", null, null, 0.02)),
                null, false), List.of());

        assertThat(state.comparisons()).isEqualTo(1);
        assertThat(state.decided()).isZero();
        assertThat(state.asked(1)).isZero();
        assertThat(state.models().get("a").answers()).isEqualTo(1);
        assertThat(state.models().get("a").decidedAnswers()).isZero();
        assertThat(state.meanPanelCostUsd()).isCloseTo(0.03, within(1e-12));
    }

    @Test
    void lowVarianceIsJudgedOnTheScoresOfTheBestKAgainstTheThreshold() {
        EnsembleState strict = new EnsembleState(0.01);
        EnsembleState loose = new EnsembleState(0.1);
        // a and b: variance 0.0225 (scores 0.9 and 0.6); with c (0.1) it is far above both thresholds.
        Panel panel = Panels.of().answer("a", 0.9).answer("b", 0.6).answer("c", 0.1).won("a");

        strict.record(panel, List.of("a", "b", "c"));
        loose.record(panel, List.of("a", "b", "c"));

        assertThat(strict.lowVarianceAsked(2)).isZero();
        assertThat(loose.lowVarianceAsked(2)).isEqualTo(1);
        assertThat(loose.lowVarianceAgreed(2)).isEqualTo(1);
        assertThat(loose.lowVarianceAsked(1)).as("one score has no variance").isZero();
        assertThat(EnsembleState.variance(panel.answers().subList(0, 2))).isCloseTo(0.0225, within(1e-12));
    }

    @Test
    void modelsBeyondTheBoundAreCountedButNotTracked() {
        EnsembleState state = new EnsembleState(0.1);
        for (int i = 0; i < EnsembleState.MAX_MODELS / 2 + 1; i++) {
            Panels.fold(state, Panels.of().answer("m" + (2 * i), 0.9).answer("m" + (2 * i + 1), 0.1).byScore());
        }

        assertThat(state.models()).hasSize(EnsembleState.MAX_MODELS);
        assertThat(state.untrackedAnswers()).isEqualTo(2);
        assertThat(state.comparisons()).isEqualTo(EnsembleState.MAX_MODELS / 2 + 1);
    }

    @Test
    void mergedDayBucketsEqualOneStateFedTheSameComparisons() {
        EnsembleState whole = new EnsembleState(0.1);
        EnsembleState monday = new EnsembleState(0.1);
        EnsembleState tuesday = new EnsembleState(0.1);
        List<Panel> panels = List.of(
                Panels.of().answer("a", 0.9, 0.01).answer("b", 0.85, 0.02).answer("c", 0.2, 0.03).won("a"),
                Panels.of().answer("a", 0.3, 0.01).answer("b", 0.8, 0.02).byScore(),
                Panels.of().answer("a", 0.5, 0.01).answer("c", 0.5, null).tie());
        List<String> ranking = List.of("a", "b", "c");
        for (int i = 0; i < panels.size(); i++) {
            whole.record(panels.get(i), ranking);
            (i < 2 ? monday : tuesday).record(panels.get(i), ranking);
        }

        EnsembleState merged = monday.copy();
        merged.merge(tuesday);

        assertThat(merged).isEqualTo(whole);
        assertThat(merged.costedPanels()).isEqualTo(2);
    }

    @Test
    void theCodecReadsBackWhatItWrote() {
        EnsembleState state = new EnsembleState(0.05);
        Panels.fold(state, Panels.of().answer("a", 0.9, 0.01).answer("b", 0.85, 0.02).answer("c", null, null).won("a"));
        Panels.fold(state, Panels.of().answer("a", 0.5, 0.01).answer("b", 0.5, 0.02).tie());

        byte[] bytes = EnsembleStateCodec.encode(state);

        assertThat(EnsembleStateCodec.decode(bytes)).isEqualTo(state);
        assertThat(EnsembleStateCodec.decode(bytes).lowVariance()).isEqualTo(0.05);
        assertThatThrownBy(() -> EnsembleStateCodec.decode(new byte[] {9})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> EnsembleStateCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt");
    }

    @Test
    void rejectsAVarianceThresholdScoresCannotExceed() {
        assertThatThrownBy(() -> new EnsembleState(0.3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowVariance");
    }
}
