package dev.modelperf.streams.health;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.HealthStatus;
import dev.modelperf.events.Severity;
import dev.modelperf.streams.alert.AlertFingerprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns status changes into alerts: an ejection FIRES the alert of its rule, its end RESOLVES it,
 * under the same fingerprint, so that an alert manager pairs them. BLACKLISTED is a warning (the
 * routers already route around it); DEGRADED is critical: the safety valve held it back, so many
 * of the tenant's models fail at once.
 */
public final class HealthAlerts {

    /** Rule of the alert a BLACKLISTED model fires. */
    public static final String BLACKLISTED_RULE = "model-blacklisted";
    /** Rule of the alert a DEGRADED model fires. */
    public static final String DEGRADED_RULE = "model-degraded";

    private final HealthPolicy policy;

    public HealthAlerts(HealthPolicy policy) {
        this.policy = policy;
    }

    /** The alerts of {@code change}: a RESOLVED one for the ejection it ends, then a FIRING one for the one it starts. */
    public List<Alert> of(String tenant, String model, StatusChange change, HealthState state) {
        List<Alert> alerts = new ArrayList<>(2);
        if (change.from() != HealthStatus.HEALTHY) {
            alerts.add(alert(change.from(), AlertState.RESOLVED, tenant, model, change, state, change.endedSince(),
                    resolvedSummary(tenant, model, change, state)));
        }
        if (change.to() != HealthStatus.HEALTHY) {
            alerts.add(alert(change.to(), AlertState.FIRING, tenant, model, change, state, change.at(),
                    firingSummary(tenant, model, change, state)));
        }
        return alerts;
    }

    /** Stable per (rule, tenant, model): the same for FIRING and RESOLVED, and across restarts and instances. */
    public static String fingerprint(String rule, String tenant, String model) {
        return AlertFingerprint.of(rule, tenant, model);
    }

    private Alert alert(HealthStatus status, AlertState alertState, String tenant, String model, StatusChange change,
                        HealthState state, Long startedAt, String summary) {
        String rule = status == HealthStatus.BLACKLISTED ? BLACKLISTED_RULE : DEGRADED_RULE;
        return Alert.newBuilder()
                .setFingerprint(fingerprint(rule, tenant, model))
                .setRule(rule)
                .setSeverity(status == HealthStatus.BLACKLISTED ? Severity.WARNING : Severity.CRITICAL)
                .setState(alertState)
                .setTenant(tenant)
                .setModel(model)
                .setObservedValue((double) state.consecutiveFailures())
                .setThreshold((double) policy.failureThreshold())
                .setStartedAt(Instant.ofEpochMilli(startedAt == null ? change.at() : startedAt))
                .setEmittedAt(Instant.ofEpochMilli(change.at()))
                .setSummary(summary)
                .build();
    }

    private String firingSummary(String tenant, String model, StatusChange change, HealthState state) {
        String subject = model + " (tenant " + tenant + ")";
        String failures = " after " + state.consecutiveFailures() + " consecutive failures (ejection " + state.ejectionLevel() + ")";
        String until = Instant.ofEpochMilli(state.until()).toString();
        SafetyValve.Verdict verdict = change.verdict();
        if (change.to() == HealthStatus.BLACKLISTED) {
            return subject + " is BLACKLISTED until " + until + failures + "; last error: " + state.lastError();
        }
        return subject + " is DEGRADED until " + until + failures + ", not blacklisted: " + verdict.blacklisted() + " of the tenant's "
                + verdict.active() + " recently active models are already blacklisted, at most " + verdict.maxBlacklisted()
                + " may be (" + percent(policy.maxEjectedShare()) + "); routers keep it as a last resort; last error: "
                + state.lastError();
    }

    private static String resolvedSummary(String tenant, String model, StatusChange change, HealthState state) {
        String subject = model + " (tenant " + tenant + ")";
        String ended = change.from() == HealthStatus.BLACKLISTED ? "blacklist" : "degraded period";
        String why = switch (change.cause()) {
            case EXPIRED -> "its " + ended + " expired";
            case PROBE_SUCCEEDED -> "a call succeeded during its " + ended;
            case FAILURES -> "it failed again and is now " + change.to();
        };
        String outcome = change.to() == HealthStatus.HEALTHY ? " RECOVERED: " : " is no longer " + change.from() + ": ";
        return subject + outcome + why + " at " + Instant.ofEpochMilli(change.at()) + "; last error: " + state.lastError();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}
