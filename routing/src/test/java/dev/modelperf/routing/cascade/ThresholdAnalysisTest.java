package dev.modelperf.routing.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThresholdAnalysisTest {

    private static final TuningPolicy POLICY = TuningPolicy.DEFAULT;

    @Test
    void lowersAThresholdThatPassesOnRoutesItWouldHaveGotRight() {
        ConfidenceHistogram histogram = histogram(0.60, 30, 70, 0.66, 38, 2, 0.80, 400, 5);

        LayerAnalysis analysis = ThresholdAnalysis.analyze("semantic", histogram, 0.70, POLICY);

        assertThat(analysis.proposals()).isEqualTo(545);
        assertThat(analysis.judged()).isEqualTo(545);
        assertThat(analysis.passedOnCorrect()).isEqualTo(68);
        assertThat(analysis.passedOnJudged()).isEqualTo(140);
        assertThat(analysis.acceptedWrong()).isEqualTo(5);
        assertThat(analysis.current().accepted()).isEqualTo(405);
        assertThat(analysis.change()).isEqualTo(ThresholdChange.LOWER);
        assertThat(analysis.recommendedThreshold()).isEqualTo(0.66);
        assertThat(analysis.recommended().correct()).isEqualTo(438);
        assertThat(analysis.recommended().wrong()).isEqualTo(7);
        assertThat(analysis.recommended().accuracyLower()).isCloseTo(0.971237, within(1e-6));
        assertThat(analysis.captureChange()).isCloseTo(40 / 545.0, within(1e-12));
        assertThat(analysis.reason()).isEqualTo("lower semantic from 0.70 to 0.66: 38 of 40 routes it passed on between them "
                + "were correct; accuracy at 0.66 98.4 % (at least 97.1 % with confidence, 95.0 % target), capture 74.3 % -> 81.7 %");
    }

    @Test
    void raisesAThresholdThatAcceptsRoutesItGetsWrong() {
        ConfidenceHistogram histogram = histogram(0.50, 75, 25, 0.60, 90, 10, 0.70, 295, 5);

        LayerAnalysis analysis = ThresholdAnalysis.analyze("retrieval", histogram, 0.50, POLICY);

        assertThat(analysis.acceptedWrong()).isEqualTo(40);
        assertThat(analysis.passedOnJudged()).isZero();
        assertThat(analysis.current().accuracy()).isEqualTo(0.92);
        assertThat(analysis.current().accuracyUpper()).isCloseTo(0.937770, within(1e-6));
        assertThat(analysis.change()).isEqualTo(ThresholdChange.RAISE);
        assertThat(analysis.recommendedThreshold()).isEqualTo(0.70);
        assertThat(analysis.recommended().capture()).isEqualTo(0.6);
        assertThat(analysis.accuracyChange()).isCloseTo(295 / 300.0 - 0.92, within(1e-12));
        assertThat(analysis.reason()).isEqualTo("raise retrieval from 0.50 to 0.70: 35 of 200 routes it accepted between them were "
                + "wrong; accuracy at 0.50 is 92.0 % (89.8 %-93.8 % with confidence), below the 95.0 % target; "
                + "at 0.70 98.3 % (at least 96.6 %), capture 100.0 % -> 60.0 %");
    }

    @Test
    void keepsAThresholdWhoseAccuracyIsWithinTheNoiseOfTheTarget() {
        ConfidenceHistogram histogram = histogram(0.50, 370, 25, 0.0, 0, 0, 0.0, 0, 0);

        LayerAnalysis analysis = ThresholdAnalysis.analyze("classifier", histogram, 0.40, POLICY);

        assertThat(analysis.change()).isEqualTo(ThresholdChange.KEEP);
        assertThat(analysis.recommendedThreshold()).isEqualTo(0.40);
        assertThat(analysis.reason()).isEqualTo("keep classifier at 0.40: accuracy at 0.40 is 93.7 % (91.3 %-95.4 % with "
                + "confidence), neither clearly above nor clearly below the 95.0 % target");
    }

    @Test
    void keepsTheLowestThresholdThatHoldsTheTarget() {
        ConfidenceHistogram histogram = histogram(0.60, 30, 70, 0.66, 38, 2, 0.80, 400, 5);

        LayerAnalysis analysis = ThresholdAnalysis.analyze("semantic", histogram, 0.66, POLICY);

        assertThat(analysis.change()).isEqualTo(ThresholdChange.KEEP);
        assertThat(analysis.reason()).isEqualTo("keep semantic at 0.66: the lowest threshold whose accuracy reaches the 95.0 % "
                + "target with confidence (98.4 %, at least 97.1 %)");
    }

    @Test
    void saysSoWhenNoThresholdReachesTheTarget() {
        ConfidenceHistogram histogram = histogram(0.30, 50, 50, 0.90, 160, 40, 0.0, 0, 0);

        LayerAnalysis analysis = ThresholdAnalysis.analyze("keyword", histogram, 0.50, POLICY);

        assertThat(analysis.change()).isEqualTo(ThresholdChange.KEEP);
        assertThat(analysis.reason()).isEqualTo("keep keyword at 0.50: accuracy at 0.50 is 80.0 % (75.0 %-84.2 % with confidence), "
                + "below the 95.0 % target, and no threshold reaches it with confidence (best: at least 75.0 % at 0.90); its "
                + "confidence does not tell right routes from wrong ones well enough");
    }

    @Test
    void keepsWhenTooFewProposalsWereJudged() {
        ConfidenceHistogram histogram = histogram(0.60, 30, 70, 0.66, 38, 2, 0.0, 0, 0);
        histogram.add(ConfidenceHistogram.bin(0.99), Verdict.UNKNOWN, 500);

        LayerAnalysis analysis = ThresholdAnalysis.analyze("semantic", histogram, 0.70, POLICY);

        assertThat(analysis.judged()).isEqualTo(140);
        assertThat(analysis.change()).isEqualTo(ThresholdChange.KEEP);
        assertThat(analysis.reason()).isEqualTo("keep semantic at 0.70: only 140 judged proposals, 200 needed before a change is proposed");
    }

    @Test
    void proposalsWithoutAVerdictCountInCaptureButNotInAccuracy() {
        ConfidenceHistogram histogram = histogram(0.80, 90, 10, 0.0, 0, 0, 0.0, 0, 0);
        histogram.add(ConfidenceHistogram.bin(0.85), Verdict.UNKNOWN, 100);
        histogram.add(ConfidenceHistogram.bin(0.20), Verdict.UNKNOWN, 200);

        LayerAnalysis analysis = ThresholdAnalysis.analyze("keyword", histogram, 0.80, POLICY.withMinSample(50));
        ThresholdPoint atEightyFive = analysis.curve().get(85);

        assertThat(analysis.current().capture()).isEqualTo(0.5);
        assertThat(analysis.current().accuracy()).isEqualTo(0.9);
        assertThat(atEightyFive.threshold()).isEqualTo(0.85);
        assertThat(atEightyFive.accepted()).isEqualTo(100);
        assertThat(atEightyFive.judged()).isZero();
        assertThat(analysis.curve()).hasSize(101);
        assertThat(analysis.curve().get(100).accepted()).isZero();
    }

    @Test
    void refusesAThresholdOutsideZeroToOne() {
        assertThatThrownBy(() -> ThresholdAnalysis.analyze("keyword", new ConfidenceHistogram(), 1.2, POLICY))
                .hasMessageContaining("currentThreshold must be within [0, 1], was 1.2");
    }

    /** Three bins of (confidence, correct, wrong); a count of 0 leaves the bin empty. */
    private static ConfidenceHistogram histogram(double c1, long right1, long wrong1, double c2, long right2, long wrong2,
                                                 double c3, long right3, long wrong3) {
        ConfidenceHistogram histogram = new ConfidenceHistogram();
        histogram.add(ConfidenceHistogram.bin(c1), Verdict.CORRECT, right1);
        histogram.add(ConfidenceHistogram.bin(c1), Verdict.WRONG, wrong1);
        histogram.add(ConfidenceHistogram.bin(c2), Verdict.CORRECT, right2);
        histogram.add(ConfidenceHistogram.bin(c2), Verdict.WRONG, wrong2);
        histogram.add(ConfidenceHistogram.bin(c3), Verdict.CORRECT, right3);
        histogram.add(ConfidenceHistogram.bin(c3), Verdict.WRONG, wrong3);
        return histogram;
    }
}
