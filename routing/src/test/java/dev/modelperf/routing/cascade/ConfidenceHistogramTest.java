package dev.modelperf.routing.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfidenceHistogramTest {

    @Test
    void countsProposalsAcceptedAndPassedOnAtAThreshold() {
        ConfidenceHistogram histogram = new ConfidenceHistogram();
        histogram.record(0.64, Verdict.CORRECT);
        histogram.record(0.65, Verdict.CORRECT);
        histogram.record(0.70, Verdict.WRONG);
        histogram.record(0.95, Verdict.CORRECT);
        histogram.record(1.0, Verdict.UNKNOWN);

        assertThat(histogram.atOrAbove(0.65, Verdict.CORRECT)).isEqualTo(2);
        assertThat(histogram.below(0.65, Verdict.CORRECT)).isEqualTo(1);
        assertThat(histogram.atOrAbove(0.70, Verdict.WRONG)).isEqualTo(1);
        assertThat(histogram.below(0.71, Verdict.WRONG)).isEqualTo(1);
        assertThat(histogram.atOrAbove(0.99, Verdict.UNKNOWN)).isEqualTo(1);
        assertThat(histogram.atOrAbove(0.0, Verdict.CORRECT)).isEqualTo(3);
        assertThat(histogram.total()).isEqualTo(5);
    }

    @Test
    void aThresholdBetweenGridPointsAcceptsFromTheNextPointUp() {
        ConfidenceHistogram histogram = new ConfidenceHistogram();
        histogram.record(0.655, Verdict.CORRECT);
        histogram.record(0.66, Verdict.CORRECT);

        assertThat(histogram.atOrAbove(0.651, Verdict.CORRECT)).isEqualTo(1);
        assertThat(histogram.atOrAbove(0.65, Verdict.CORRECT)).isEqualTo(2);
    }

    @Test
    void aThresholdOfOneAcceptsNothing() {
        ConfidenceHistogram histogram = new ConfidenceHistogram();
        histogram.record(1.0, Verdict.CORRECT);

        assertThat(histogram.atOrAbove(1.0, Verdict.CORRECT)).isZero();
    }

    @Test
    void mergesAndRebuildsFromItsCounts() {
        ConfidenceHistogram first = new ConfidenceHistogram();
        first.record(0.3, Verdict.WRONG);
        ConfidenceHistogram second = new ConfidenceHistogram();
        second.record(0.3, Verdict.WRONG);
        second.record(0.8, Verdict.CORRECT);

        first.merge(second);

        assertThat(first.count(ConfidenceHistogram.bin(0.3), Verdict.WRONG)).isEqualTo(2);
        long[] correct = new long[ConfidenceHistogram.BINS];
        long[] wrong = new long[ConfidenceHistogram.BINS];
        correct[80] = 1;
        wrong[30] = 2;
        assertThat(ConfidenceHistogram.of(correct, wrong, new long[ConfidenceHistogram.BINS])).isEqualTo(first);
    }

    @Test
    void refusesConfidencesAndCountsOutOfRange() {
        ConfidenceHistogram histogram = new ConfidenceHistogram();
        assertThatThrownBy(() -> histogram.record(1.01, Verdict.CORRECT)).hasMessageContaining("confidence must be within [0, 1]");
        assertThatThrownBy(() -> histogram.record(Double.NaN, Verdict.CORRECT)).hasMessageContaining("confidence");
        assertThatThrownBy(() -> ConfidenceHistogram.of(new long[3], new long[100], new long[100])).hasMessageContaining("100 bins");
    }
}
