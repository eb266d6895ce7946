package dev.modelperf.toolbox.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewayBaselineTest {

    private static final List<String> MODELS = List.of("a", "b", "c");

    @Test
    void threeFailuresWithinSixtySecondsCoolAModelDownForFiveSeconds() {
        GatewayBaseline gateway = new GatewayBaseline(MODELS, 1);
        gateway.record("a", 1_000, true);
        gateway.record("a", 30_000, true);
        assertThat(gateway.coolingDown("a", 30_000)).isFalse();

        gateway.record("a", 60_999, true);

        assertThat(gateway.coolingDown("a", 60_999)).isTrue();
        assertThat(gateway.coolingDown("a", 65_998)).isTrue();
        assertThat(gateway.coolingDown("a", 65_999)).isFalse();
        assertThat(chosen(gateway, 62_000)).containsExactlyInAnyOrder("b", "c");
        assertThat(chosen(gateway, 66_000)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void failuresOlderThanSixtySecondsAndSuccessesDoNotCount() {
        GatewayBaseline gateway = new GatewayBaseline(MODELS, 1);
        gateway.record("a", 0, true);
        gateway.record("a", 10_000, true);
        gateway.record("a", 20_000, false);
        gateway.record("a", 60_000, true);

        assertThat(gateway.coolingDown("a", 60_000)).isFalse();
    }

    @Test
    void aCooledDownModelStartsCountingAfresh() {
        GatewayBaseline gateway = new GatewayBaseline(MODELS, 1);
        for (long at : new long[] {0, 1, 2}) {
            gateway.record("a", at, true);
        }
        gateway.record("a", 6_000, true);
        gateway.record("a", 6_001, true);

        assertThat(gateway.coolingDown("a", 6_001)).isFalse();
    }

    @Test
    void whenEveryModelCoolsDownItPicksAmongAll() {
        GatewayBaseline gateway = new GatewayBaseline(MODELS, 1);
        for (String model : MODELS) {
            for (long at : new long[] {0, 1, 2}) {
                gateway.record(model, at, true);
            }
        }

        assertThat(chosen(gateway, 100)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void theSameSeedMakesTheSameChoices() {
        GatewayBaseline one = new GatewayBaseline(MODELS, 42);
        GatewayBaseline two = new GatewayBaseline(MODELS, 42);
        for (int i = 0; i < 100; i++) {
            assertThat(one.choose(i)).isEqualTo(two.choose(i));
        }
    }

    private static Set<String> chosen(GatewayBaseline gateway, long at) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(gateway.choose(at));
        }
        return seen;
    }
}
