package dev.modelperf.streams.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelperf.routing.cascade.Verdict;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Routing figures survive the store's binary form, compactly. */
class RoutingStatsSerdeTest {

    @Test
    void everyFigureRoundTrips() {
        RoutingStats stats = new RoutingStats();
        stats.addAttempt(0, 0.91, 0.8, true, 3.5, 1_000);
        stats.addAttempt(0, 0.42, 0.8, false, 2.0, 2_000);
        stats.addAttempt(1, 0.42, 0.75, false, 0.0, 3_000);
        stats.judgeProposal(0.91, true, Verdict.CORRECT);
        stats.judgeProposal(0.42, false, Verdict.WRONG);

        RoutingStats read = RoutingStatsSerde.decode(RoutingStatsSerde.encode(stats));

        assertThat(read.attempts()).isEqualTo(3);
        assertThat(read.accepted()).isEqualTo(1);
        assertThat(read.judged()).isEqualTo(1);
        assertThat(read.correct()).isEqualTo(1);
        assertThat(read.meanPosition()).isEqualTo(1.0 / 3);
        assertThat(read.meanConfidence()).isEqualTo(stats.meanConfidence());
        assertThat(read.meanLatencyMs()).isEqualTo(5.5 / 3);
        assertThat(read.latencyQuantileMs(0.99)).isEqualTo(stats.latencyQuantileMs(0.99));
        assertThat(read.histogram()).isEqualTo(stats.histogram());
        assertThat(read.histogram().count(91, Verdict.CORRECT)).isEqualTo(1);
        assertThat(read.histogram().count(42, Verdict.WRONG)).isEqualTo(1);
        assertThat(read.histogram().count(42, Verdict.UNKNOWN)).isEqualTo(1);
        assertThat(read.thresholds()).containsExactly(new RoutingStats.ThresholdSeen(0.8, 1_000, 2_000),
                new RoutingStats.ThresholdSeen(0.75, 3_000, 3_000));
    }

    @Test
    void aHistogramCostsOnlyItsNonEmptyBins() {
        RoutingStats stats = new RoutingStats();
        for (int i = 0; i < 10_000; i++) {
            stats.addAttempt(0, 0.85, 0.8, true, 2, 1_000);
        }
        assertThat(RoutingStatsSerde.encode(stats).length).isLessThan(80);
    }

    @Test
    void thresholdsSeenAreBounded() {
        RoutingStats stats = new RoutingStats();
        for (int i = 0; i < 20; i++) {
            stats.addAttempt(0, 0.5, i / 100.0, false, 1, i);
        }
        assertThat(stats.thresholds()).hasSize(RoutingStats.MAX_THRESHOLDS);
        assertThat(stats.thresholds().get(0).value()).as("the least recently seen went first").isEqualTo(0.12);
    }

    @Test
    void anUnknownFormatIsASerializationError() {
        assertThatThrownBy(() -> RoutingStatsSerde.decode(new byte[] {9})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown RoutingStats format 9");
    }
}
