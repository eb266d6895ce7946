package dev.modelperf.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

    @Test
    void countsFiringAlertsPerTenantAndRule() {
        List<Alert> alerts = List.of(
                alert("acme", "success-rate-low", "m1", AlertState.FIRING),
                alert("acme", "success-rate-low", "m2", AlertState.FIRING),
                alert("acme", "latency-high", "m1", AlertState.RESOLVED),
                alert("globex", "latency-high", "m1", AlertState.FIRING));

        assertThat(ServerMetrics.firing(alerts)).isEqualTo(Map.of(
                new ServerMetrics.TenantRule("acme", "success-rate-low"), 2L,
                new ServerMetrics.TenantRule("globex", "latency-high"), 1L));
    }

    private static Alert alert(String tenant, String rule, String model, AlertState state) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return Alert.newBuilder().setFingerprint(tenant + rule + model).setRule(rule).setSeverity(Severity.WARNING).setState(state)
                .setTenant(tenant).setModel(model).setStartedAt(now).setEmittedAt(now).setSummary("s").build();
    }
}
