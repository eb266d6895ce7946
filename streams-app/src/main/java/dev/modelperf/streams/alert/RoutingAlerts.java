package dev.modelperf.streams.alert;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.streams.stores.RoutingKey;
import java.time.Instant;

/**
 * The Alert records of routing rules. The scope is a tenant's cascade or one of its layers: the
 * alert's category is {@value #CATEGORY} and its model field holds the layer id ({@code *} for the
 * whole cascade), so that alerts list and filter like the others.
 */
public final class RoutingAlerts {

    /** The category of every routing alert. */
    public static final String CATEGORY = "routing-cascade";

    private RoutingAlerts() {
    }

    public static String fingerprint(String rule, String tenant, String layer) {
        return AlertFingerprint.of(rule, tenant, CATEGORY, layer);
    }

    public static Alert firing(AlertRule rule, String tenant, String layer, Verdict verdict, long startedAt, long emittedAt) {
        AlertRule.Threshold threshold = (AlertRule.Threshold) rule.condition();
        String summary = subject(tenant, layer) + ": " + figure(rule, verdict) + " is " + (threshold.above() ? "above " : "below ")
                + rule.signal().format(threshold.value()) + (rule.forMinutes() > 1 ? ", for " + rule.forMinutes() + " min in a row" : "");
        return alert(rule, AlertState.FIRING, tenant, layer, verdict, startedAt, emittedAt, summary);
    }

    public static Alert resolved(AlertRule rule, String tenant, String layer, Verdict verdict, long startedAt, long emittedAt) {
        String now = verdict.judged() ? figure(rule, verdict) + ", within its limit"
                : "too few " + rule.signal().samplesNoun() + " to judge now (" + verdict.samples() + " over the last "
                        + RuleAlerts.minutes(rule.spanMinutes()) + ", " + rule.minSamples() + " needed)";
        String summary = subject(tenant, layer) + " resolved: no breach of " + rule.name() + " for " + rule.resolveMinutes()
                + " min; " + now + "; firing since " + Instant.ofEpochMilli(startedAt);
        return alert(rule, AlertState.RESOLVED, tenant, layer, verdict, startedAt, emittedAt, summary);
    }

    private static Alert alert(AlertRule rule, AlertState state, String tenant, String layer, Verdict verdict, long startedAt,
                               long emittedAt, String summary) {
        return Alert.newBuilder()
                .setFingerprint(fingerprint(rule.name(), tenant, layer))
                .setRule(rule.name())
                .setSeverity(rule.severity())
                .setState(state)
                .setTenant(tenant)
                .setCategory(CATEGORY)
                .setModel(layer)
                .setObservedValue(Double.isFinite(verdict.value()) ? verdict.value() : null)
                .setThreshold(Double.isFinite(verdict.limit()) ? verdict.limit() : null)
                .setWindowSeconds(rule.spanMinutes() * 60L)
                .setStartedAt(Instant.ofEpochMilli(startedAt))
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .setSummary(summary)
                .build();
    }

    private static String subject(String tenant, String layer) {
        return (RoutingKey.CASCADE.equals(layer) ? "routing cascade" : "routing layer " + layer) + " (tenant " + tenant + ")";
    }

    private static String figure(AlertRule rule, Verdict verdict) {
        return rule.signal().id() + " " + rule.signal().format(verdict.value()) + " over the last "
                + RuleAlerts.minutes(rule.spanMinutes()) + " (" + verdict.samples() + " " + rule.signal().samplesNoun() + ")";
    }
}
