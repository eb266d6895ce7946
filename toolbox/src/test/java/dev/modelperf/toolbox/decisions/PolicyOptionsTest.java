package dev.modelperf.toolbox.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyOptionsTest {

    @Test
    void sendsOnlyTheParametersTheUserGave() {
        PolicyOptions defaults = new PolicyOptions("quality", "24h", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThat(defaults.query("t", "mmlu/anatomy", 5)).isEqualTo("tenant=t&category=mmlu%2Fanatomy&window=24h&priority=quality");
    }

    @Test
    void samplingSendsASeedAndTheCheapestObjectiveItsFloorAndMargin() {
        PolicyOptions given = new PolicyOptions("cost", "1h", Optional.of("sample"), Optional.of("cheapest"), Optional.of(0.7),
                Optional.of(0.05));

        assertThat(given.query("t", "x", 99)).isEqualTo(
                "tenant=t&category=x&window=1h&priority=cost&mode=sample&seed=99&objective=cheapest&floor=0.7&margin=0.05");
    }

    @Test
    void requestSeedsAreDistinctAndReproducible() {
        Set<Long> seeds = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seeds.add(PolicyOptions.requestSeed(1, i));
        }
        assertThat(seeds).hasSize(10_000);
        assertThat(PolicyOptions.requestSeed(1, 7)).isEqualTo(PolicyOptions.requestSeed(1, 7)).isNotEqualTo(PolicyOptions.requestSeed(2, 7));
    }
}
