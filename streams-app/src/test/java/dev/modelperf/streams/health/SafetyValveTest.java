package dev.modelperf.streams.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyValveTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private static final HealthPolicy DEFAULTS = HealthPolicy.defaults();

    private static SafetyValve valve(String share) {
        return new SafetyValve(new HealthPolicy(DEFAULTS.failureThreshold(), DEFAULTS.blacklistBase(), DEFAULTS.blacklistMax(),
                DEFAULTS.ejectionDecay(), Double.parseDouble(share), DEFAULTS.activeWindow(), DEFAULTS.failureStatuses(),
                DEFAULTS.punctuateInterval(), DEFAULTS.idleExpiry()));
    }

    private static SafetyValve.Member healthy(String model) {
        return new SafetyValve.Member(model, HealthStatus.HEALTHY, NOW - 1, null);
    }

    private static SafetyValve.Member blacklisted(String model) {
        return new SafetyValve.Member(model, HealthStatus.BLACKLISTED, NOW - 2 * HOUR, NOW + HOUR);
    }

    @Test
    void halfOfTheActiveModelsRoundedDown() {
        SafetyValve valve = valve("0.5");
        assertThat(valve.check("c", List.of(), NOW)).isEqualTo(new SafetyValve.Verdict(false, 0, 1, 0));
        assertThat(valve.check("c", List.of(healthy("a")), NOW)).isEqualTo(new SafetyValve.Verdict(true, 0, 2, 1));
        assertThat(valve.check("c", List.of(healthy("a"), blacklisted("b")), NOW)).isEqualTo(new SafetyValve.Verdict(false, 1, 3, 1));
        assertThat(valve.check("c", List.of(healthy("a"), healthy("d"), blacklisted("b")), NOW))
                .isEqualTo(new SafetyValve.Verdict(true, 1, 4, 2));
    }

    @Test
    void modelsWithoutARecentCallDoNotCountButEjectedOnesAlwaysDo() {
        SafetyValve valve = valve("0.5");
        SafetyValve.Member idle = new SafetyValve.Member("idle", HealthStatus.HEALTHY, NOW - HOUR, null);
        SafetyValve.Member degraded = new SafetyValve.Member("degraded", HealthStatus.DEGRADED, NOW - 3 * HOUR, NOW + HOUR);
        assertThat(valve.check("c", List.of(idle), NOW).allowed()).isFalse();
        assertThat(valve.check("c", List.of(idle, degraded), NOW)).isEqualTo(new SafetyValve.Verdict(true, 0, 2, 1));
    }

    @Test
    void anExpiredBlacklistNotYetPublishedAsEndedDoesNotCount() {
        SafetyValve.Member expired = new SafetyValve.Member("b", HealthStatus.BLACKLISTED, NOW - 2 * HOUR, NOW);
        assertThat(valve("0.5").check("c", List.of(healthy("a"), expired), NOW)).isEqualTo(new SafetyValve.Verdict(true, 0, 2, 1));
    }

    @Test
    void theCandidatesOwnPublishedRecordIsNotCountedTwice() {
        assertThat(valve("0.5").check("c", List.of(healthy("a"), healthy("c")), NOW)).isEqualTo(new SafetyValve.Verdict(true, 0, 2, 1));
    }

    @Test
    void sharesAreExactAtTheirBoundsAndWithoutFloatingPointSurprises() {
        List<SafetyValve.Member> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(i < 2 ? blacklisted("b" + i) : healthy("h" + i));
        }
        assertThat(valve("0.3").check("c", nine, NOW)).isEqualTo(new SafetyValve.Verdict(true, 2, 10, 3));
        assertThat(valve("0").check("c", nine, NOW).allowed()).isFalse();
        assertThat(valve("1").check("c", List.of(), NOW).allowed()).isTrue();
    }
}
