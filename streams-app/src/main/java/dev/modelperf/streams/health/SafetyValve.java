package dev.modelperf.streams.health;

import dev.modelperf.events.HealthStatus;
import java.util.Collection;

/**
 * Like Envoy's max ejection percent: a model may be blacklisted only while at most
 * {@link HealthPolicy#maxEjectedShare()} of its tenant's recently active models would then be
 * blacklisted, so that a tenant-wide outage (or a bug in the callers) cannot empty the routers'
 * pool. A model with a call within {@link HealthPolicy#activeWindow()}, and every ejected model
 * (they get little traffic by design), counts as active; the candidate itself always does.
 * With the default 50 %, a tenant needs two active models before one can be blacklisted.
 */
public final class SafetyValve {

    /** What the valve knows of one model of the tenant. */
    public record Member(String model, HealthStatus status, long lastActiveAt, Long until) {
    }

    /** The valve's answer, with the figures behind it for the alert summary. */
    public record Verdict(boolean allowed, int blacklisted, int active, int maxBlacklisted) {
    }

    private final double maxShare;
    private final long activeWindowMs;

    public SafetyValve(HealthPolicy policy) {
        this.maxShare = policy.maxEjectedShare();
        this.activeWindowMs = policy.activeWindow().toMillis();
    }

    /** Whether {@code candidate} may be blacklisted at {@code now}, given the tenant's {@code members}. */
    public Verdict check(String candidate, Collection<Member> members, long now) {
        int active = 1;
        int blacklisted = 0;
        for (Member member : members) {
            if (member.model().equals(candidate)) {
                continue;
            }
            boolean stillBlacklisted = member.status() == HealthStatus.BLACKLISTED && member.until() != null && member.until() > now;
            boolean ejected = stillBlacklisted || member.status() == HealthStatus.DEGRADED;
            if (ejected || member.lastActiveAt() > now - activeWindowMs) {
                active++;
            }
            if (stillBlacklisted) {
                blacklisted++;
            }
        }
        // The epsilon keeps 0.3 × 10 at 3 rather than 2.9999999999999996.
        int maxBlacklisted = (int) Math.floor(maxShare * active + 1e-9);
        return new Verdict(blacklisted + 1 <= maxBlacklisted, blacklisted, active, maxBlacklisted);
    }
}
