package dev.modelperf.streams.health;

import dev.modelperf.events.CallStatus;
import java.time.Duration;
import java.util.Set;

/**
 * The blacklist rules, from the {@code health.*} settings.
 *
 * @param failureThreshold consecutive counted failures that eject a model
 * @param blacklistBase    period of the first ejection; each further one doubles it
 * @param blacklistMax     cap of the period
 * @param ejectionDecay    healthy time after which the ejection count drops by one
 * @param maxEjectedShare  at most this share of a tenant's recently active models may be blacklisted at once
 * @param activeWindow     a model with a call this recent counts as active for the share
 * @param failureStatuses  statuses that count as failures; any other non-OK status neither counts nor resets
 * @param punctuateInterval how often (wall clock) expired blacklists are looked for
 * @param idleExpiry       a healthy model without a call for this long is forgotten (its health entry deleted); at least
 *                         {@link #minimumIdleExpiry()}, so that nothing forgotten could still lengthen a blacklist
 */
public record HealthPolicy(
        int failureThreshold,
        Duration blacklistBase,
        Duration blacklistMax,
        Duration ejectionDecay,
        double maxEjectedShare,
        Duration activeWindow,
        Set<CallStatus> failureStatuses,
        Duration punctuateInterval,
        Duration idleExpiry) {

    /** A week: the shortest idle period the default blacklist settings allow ({@link #minimumIdleExpiry()}). */
    public static final Duration DEFAULT_IDLE_EXPIRY = Duration.ofDays(7);

    public HealthPolicy {
        if (failureThreshold < 1 || blacklistBase.isNegative() || blacklistBase.isZero()) {
            throw new IllegalArgumentException("failureThreshold must be at least 1 and blacklistBase positive");
        }
        if (blacklistMax.compareTo(blacklistBase) < 0) {
            throw new IllegalArgumentException("blacklistMax must not be shorter than blacklistBase");
        }
        if (!(maxEjectedShare >= 0 && maxEjectedShare <= 1)) {
            throw new IllegalArgumentException("maxEjectedShare must be between 0 and 1");
        }
        if (failureStatuses.contains(CallStatus.OK)) {
            throw new IllegalArgumentException("OK cannot count as a failure");
        }
        failureStatuses = Set.copyOf(failureStatuses);
        Duration minimumIdle = blacklistMax.plus(ejectionDecay.multipliedBy(maxEjectionLevel(blacklistBase, blacklistMax)));
        if (idleExpiry.compareTo(minimumIdle) < 0) {
            throw new IllegalArgumentException("idleExpiry must be at least " + minimumIdle
                    + " (the longest blacklist plus the decay of every ejection level)");
        }
    }

    /**
     * The shortest safe idle expiry: the longest blacklist, plus the time the highest ejection level
     * takes to decay to nothing. Until then a quiet model's entry still decides how long its next
     * blacklist lasts; after it, the entry says no more than a model never seen.
     */
    public Duration minimumIdleExpiry() {
        return blacklistMax.plus(ejectionDecay.multipliedBy(maxEjectionLevel()));
    }

    private static int maxEjectionLevel(Duration base, Duration max) {
        int level = 1;
        while (base.multipliedBy(1L << (level - 1)).compareTo(max) < 0 && level < 62) {
            level++;
        }
        return level;
    }

    /** The defaults of the {@code health.*} settings. */
    public static HealthPolicy defaults() {
        return new HealthPolicy(3, Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(24), 0.5, Duration.ofHours(1),
                Set.of(CallStatus.SERVER_ERROR, CallStatus.TIMEOUT, CallStatus.RATE_LIMITED), Duration.ofSeconds(1),
                DEFAULT_IDLE_EXPIRY);
    }

    /** Whether a call of this status adds to the consecutive failures. */
    public boolean counts(CallStatus status) {
        return failureStatuses.contains(status);
    }

    /**
     * The highest ejection level worth keeping: the first whose period reaches the cap. Keeping more
     * would only make the decay back to a short period take longer.
     */
    public int maxEjectionLevel() {
        return maxEjectionLevel(blacklistBase, blacklistMax);
    }

    /** The blacklist period of ejection {@code level} (1 for the first): base × 2^(level−1), capped. */
    public Duration blacklistPeriod(int level) {
        if (level >= maxEjectionLevel()) {
            return blacklistMax;
        }
        Duration period = blacklistBase.multipliedBy(1L << (level - 1));
        return period.compareTo(blacklistMax) < 0 ? period : blacklistMax;
    }
}
