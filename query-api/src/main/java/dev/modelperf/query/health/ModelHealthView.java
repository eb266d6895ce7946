package dev.modelperf.query.health;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelHealth;
import java.time.Instant;

/**
 * One model's health as the API answers it; times are ISO-8601 UTC. {@code blacklistedSince} and
 * {@code blacklistedUntil} are set while the model is BLACKLISTED, and while DEGRADED (the period
 * the safety valve held back: routers still use it, as a last resort).
 */
public record ModelHealthView(
        String tenant,
        String model,
        HealthStatus status,
        int consecutiveFailures,
        int ejectionCount,
        String blacklistedSince,
        String blacklistedUntil,
        String lastError,
        String updatedAt) {

    public static ModelHealthView of(ModelHealth health) {
        return new ModelHealthView(health.getTenant(), health.getModel(), health.getStatus(), health.getConsecutiveFailures(),
                health.getEjectionCount(), iso(health.getBlacklistedSince()), iso(health.getBlacklistedUntil()),
                health.getLastError(), iso(health.getUpdatedAt()));
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
