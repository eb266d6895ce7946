package dev.modelperf.query.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.CallStatus;
import dev.modelperf.events.ModelCall;
import dev.modelperf.streams.stores.CallStats;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InsightsTest {

    private static CallStats calls(int count, int failures, long latencyMs, Double costPerCall) {
        CallStats stats = new CallStats();
        for (int i = 0; i < count; i++) {
            ModelCall call = ModelCall.newBuilder().setEventId("e" + i).setTimestamp(Instant.EPOCH).setModel("m")
                    .setProvider("p").setCategory("code").setLatencyMs(latencyMs)
                    .setStatus(i < failures ? CallStatus.SERVER_ERROR : CallStatus.OK).build();
            stats.add(call, costPerCall, true);
        }
        return stats;
    }

    @Test
    void saysEachFindingOnceAtItsBroadestLevelStrongestFirst() {
        Map<String, CallStats> models = Map.of(
                "fast", calls(100, 1, 200, 0.002),
                "slow", calls(100, 1, 1000, 0.001),
                "flaky", calls(100, 40, 500, null));
        var insights = Insights.of(Map.of("code", models, "code/backend", models), 10);

        assertThat(insights).containsExactly(
                "fast is 80 % faster than slow on code (median 198 ms vs 1002 ms) with the same success rate (99.0 % vs 99.0 %)",
                "slow costs 50 % less per call than fast on code with the same success rate",
                "flaky fails 40 % of calls on code (100 calls)");
    }

    @Test
    void comparesOnlyModelsWithEnoughCalls() {
        assertThat(Insights.of(Map.of("code", Map.of("a", calls(5, 0, 100, null), "b", calls(5, 0, 900, null))), 10))
                .isEmpty();
    }
}
