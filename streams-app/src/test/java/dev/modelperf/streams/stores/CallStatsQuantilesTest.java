package dev.modelperf.streams.stores;

import static dev.modelperf.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.modelperf.events.CallStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Latency quantiles stay within the sketch's 1 % relative error, also after merging and a serde round trip. */
class CallStatsQuantilesTest {

    @Test
    void quantilesOfALogNormalDistributionAreWithinOnePercent() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 100_000;
        long[] latencies = new long[n];
        CallStats first = new CallStats();
        CallStats second = new CallStats();
        for (int i = 0; i < n; i++) {
            double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            latencies[i] = Math.max(1, Math.round(800 * Math.exp(0.8 * gaussian)));
            (i % 2 == 0 ? first : second).add(call("m", "code", latencies[i], CallStatus.OK, Instant.EPOCH).build(), null, false);
        }
        CallStats merged = CallStatsSerde.decode(CallStatsSerde.encode(first.merge(second)));
        Arrays.sort(latencies);
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
            double exact = latencies[(int) Math.ceil(q * n) - 1];
            assertThat(merged.latencyQuantileMs(q)).as("p" + (int) (q * 100)).isCloseTo(exact, within(exact * 0.01));
        }
        assertThat(merged.latencyMs().getMinValue()).isCloseTo(latencies[0], within(latencies[0] * 0.01));
        assertThat(merged.latencyMs().getMaxValue()).isCloseTo(latencies[n - 1], within(latencies[n - 1] * 0.01));
        assertThat(merged.count()).isEqualTo(n);
    }
}
