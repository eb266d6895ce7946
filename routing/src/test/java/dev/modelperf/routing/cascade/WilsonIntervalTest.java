package dev.modelperf.routing.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

    @Test
    void boundsNinetyFiveOutOfAHundredAtOneSidedNinetyFivePercent() {
        WilsonInterval interval = WilsonInterval.of(95, 100, WilsonInterval.Z_95_ONE_SIDED);

        assertThat(interval.lower()).isCloseTo(0.900839, within(1e-6));
        assertThat(interval.upper()).isCloseTo(0.975453, within(1e-6));
    }

    @Test
    void aPerfectRecordOfFewProposalsIsFarFromProvenPerfect() {
        WilsonInterval interval = WilsonInterval.of(20, 20, WilsonInterval.Z_95_ONE_SIDED);

        assertThat(interval.upper()).isEqualTo(1.0);
        assertThat(interval.lower()).isCloseTo(0.880842, within(1e-6));
    }

    @Test
    void nothingObservedSpansTheWholeRange() {
        assertThat(WilsonInterval.of(0, 0, WilsonInterval.Z_95_ONE_SIDED)).isEqualTo(new WilsonInterval(0, 1));
    }

    @Test
    void refusesMoreSuccessesThanObservations() {
        assertThatThrownBy(() -> WilsonInterval.of(3, 2, 1.0)).hasMessageContaining("successes must be within 0..2");
    }
}
