package dev.modelperf.streams.health;

import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.ModelHealth;
import java.time.Instant;
import java.util.Objects;

/**
 * What the health store keeps per (tenant, model). Times are epoch milliseconds; {@code since} and
 * {@code until} are null unless the model is BLACKLISTED or DEGRADED.
 *
 * @param consecutiveFailures counted failures since the last success
 * @param ejectionLevel       ejections not yet decayed (capped where the period reaches its maximum);
 *                            published as {@code ejectionCount}
 * @param lastError           the last counted failure, as "STATUS errorType: message"
 * @param lastCallAt          event time of the latest call of any status, to a sixtieth of the active window:
 *                            activity, for the safety valve
 * @param healthySince        start of the current healthy stretch, from which the ejection level decays
 * @param publishedAt         {@code updatedAt} of the last ModelHealth record published, null before the first
 */
public record HealthState(
        HealthStatus status,
        int consecutiveFailures,
        int ejectionLevel,
        Long since,
        Long until,
        String lastError,
        long lastCallAt,
        long healthySince,
        Long publishedAt) {

    public HealthState {
        Objects.requireNonNull(status, "status");
        if ((status == HealthStatus.HEALTHY) != (since == null && until == null) || (since == null) != (until == null)) {
            throw new IllegalArgumentException("since and until are set exactly when the model is ejected (" + status + ")");
        }
    }

    /** A model never seen before, at its first call. */
    static HealthState first(long at) {
        return new HealthState(HealthStatus.HEALTHY, 0, 0, null, null, null, at, at, null);
    }

    boolean isEjected() {
        return status != HealthStatus.HEALTHY;
    }

    /** Whether the published part differs: anything but the bookkeeping times. */
    boolean sameHealthAs(HealthState other) {
        return status == other.status && consecutiveFailures == other.consecutiveFailures
                && ejectionLevel == other.ejectionLevel && Objects.equals(since, other.since)
                && Objects.equals(until, other.until) && Objects.equals(lastError, other.lastError);
    }

    HealthState withStatus(HealthStatus newStatus, Long newSince, Long newUntil) {
        return new HealthState(newStatus, consecutiveFailures, ejectionLevel, newSince, newUntil, lastError, lastCallAt,
                healthySince, publishedAt);
    }

    HealthState withFailures(int failures, String error) {
        return new HealthState(status, failures, ejectionLevel, since, until, error, lastCallAt, healthySince, publishedAt);
    }

    /** The ejection level and the start of the healthy stretch it decays from. */
    HealthState withLevel(int level, long newHealthySince) {
        return new HealthState(status, consecutiveFailures, level, since, until, lastError, lastCallAt, newHealthySince,
                publishedAt);
    }

    HealthState withLastCallAt(long at) {
        return new HealthState(status, consecutiveFailures, ejectionLevel, since, until, lastError, at, healthySince,
                publishedAt);
    }

    HealthState withPublishedAt(long at) {
        return new HealthState(status, consecutiveFailures, ejectionLevel, since, until, lastError, lastCallAt,
                healthySince, at);
    }

    /** The record published to the compacted health topic; {@code updatedAt} is {@link #publishedAt()}. */
    public ModelHealth toModelHealth(String tenant, String model) {
        return ModelHealth.newBuilder()
                .setTenant(tenant)
                .setModel(model)
                .setStatus(status)
                .setConsecutiveFailures(consecutiveFailures)
                .setEjectionCount(ejectionLevel)
                .setBlacklistedSince(since == null ? null : Instant.ofEpochMilli(since))
                .setBlacklistedUntil(until == null ? null : Instant.ofEpochMilli(until))
                .setLastError(lastError)
                .setUpdatedAt(Instant.ofEpochMilli(Objects.requireNonNull(publishedAt, "publishedAt")))
                .build();
    }
}
