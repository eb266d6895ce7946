package dev.modelperf.streams.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.HealthStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HealthAlertsTest {

    private final HealthAlerts alerts = new HealthAlerts(HealthPolicy.defaults());

    @Test
    void fingerprintsAreStableHexAndDistinctPerRuleTenantAndModel() {
        String fingerprint = HealthAlerts.fingerprint("model-blacklisted", "acme", "openai/gpt-4o");
        assertThat(fingerprint).matches("[0-9a-f]{32}").isEqualTo(HealthAlerts.fingerprint("model-blacklisted", "acme", "openai/gpt-4o"));
        Set<String> distinct = Stream.of(
                        HealthAlerts.fingerprint("model-blacklisted", "acme", "openai/gpt-4o"),
                        HealthAlerts.fingerprint("model-degraded", "acme", "openai/gpt-4o"),
                        HealthAlerts.fingerprint("model-blacklisted", "acme2", "openai/gpt-4o"),
                        HealthAlerts.fingerprint("model-blacklisted", "acm", "eopenai/gpt-4o"))
                .collect(Collectors.toSet());
        assertThat(distinct).hasSize(4);
    }

    @Test
    void aPromotionResolvesTheDegradedAlertThenFiresTheBlacklistedOne() {
        HealthState state = new HealthState(HealthStatus.BLACKLISTED, 4, 2, 5_000L, 7_205_000L, "TIMEOUT", 5_000L, 5_000L, 5_000L);
        StatusChange change = new StatusChange(HealthStatus.DEGRADED, HealthStatus.BLACKLISTED, 5_000L, StatusChange.Cause.FAILURES,
                1_000L, new SafetyValve.Verdict(true, 0, 2, 1));

        List<Alert> of = alerts.of("acme", "m", change, state);

        assertThat(of).extracting(Alert::getRule, Alert::getState).containsExactly(
                tuple(HealthAlerts.DEGRADED_RULE, AlertState.RESOLVED),
                tuple(HealthAlerts.BLACKLISTED_RULE, AlertState.FIRING));
        assertThat(of.get(0).getStartedAt().toEpochMilli()).isEqualTo(1_000L);
        assertThat(of.get(0).getSummary()).isEqualTo(
                "m (tenant acme) is no longer DEGRADED: it failed again and is now BLACKLISTED at 1970-01-01T00:00:05Z; last error: TIMEOUT");
        assertThat(of.get(1).getStartedAt().toEpochMilli()).isEqualTo(5_000L);
    }
}
