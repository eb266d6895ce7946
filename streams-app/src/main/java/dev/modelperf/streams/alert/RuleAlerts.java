package dev.modelperf.streams.alert;

import dev.modelperf.events.Alert;
import dev.modelperf.events.AlertState;
import dev.modelperf.events.Severity;
import dev.modelperf.schemas.category.CategoryPath;
import java.time.Instant;
import java.util.Locale;

/** Builds the Alert records of rule transitions, with a one-sentence summary an on-call engineer can act on. */
public final class RuleAlerts {

    private RuleAlerts() {
    }

    /** One alert per (rule, tenant, category level, model), whatever its state. */
    public static String fingerprint(String rule, String tenant, String category, String model) {
        return AlertFingerprint.of(rule, tenant, category, model);
    }

    public static Alert firing(AlertRule rule, String tenant, String category, String model, Verdict verdict, long startedAt,
                               long emittedAt) {
        String summary = subject(tenant, category, model) + ": " + figure(rule, verdict) + " " + breach(rule, verdict)
                + (rule.forMinutes() > 1 ? ", for " + rule.forMinutes() + " min in a row" : "");
        return alert(rule, AlertState.FIRING, tenant, category, model, verdict, startedAt, emittedAt, summary);
    }

    public static Alert resolved(AlertRule rule, String tenant, String category, String model, Verdict verdict, long startedAt,
                                 long emittedAt) {
        String now = verdict.judged()
                ? figure(rule, verdict) + ", within its limit"
                : "too few " + rule.signal().samplesNoun() + " to judge now (" + verdict.samples() + " over the last "
                        + minutes(rule.spanMinutes()) + ", " + rule.minSamples() + " needed)";
        String summary = subject(tenant, category, model) + " resolved: no breach of " + rule.name() + " for "
                + rule.resolveMinutes() + " min; " + now + "; firing since " + Instant.ofEpochMilli(startedAt);
        return alert(rule, AlertState.RESOLVED, tenant, category, model, verdict, startedAt, emittedAt, summary);
    }

    /** The RESOLVED of an alert whose rule is gone from the rules file, so that nothing stays firing forever. */
    public static Alert ruleRemoved(String ruleName, String tenant, String category, String model, long startedAt, long emittedAt) {
        return Alert.newBuilder()
                .setFingerprint(fingerprint(ruleName, tenant, category, model)).setRule(ruleName)
                .setSeverity(Severity.INFO).setState(AlertState.RESOLVED)
                .setTenant(tenant).setCategory(category).setModel(model)
                .setStartedAt(Instant.ofEpochMilli(startedAt)).setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .setSummary(subject(tenant, category, model) + " resolved: rule " + ruleName
                        + " is no longer configured; firing since " + Instant.ofEpochMilli(startedAt))
                .build();
    }

    private static Alert alert(AlertRule rule, AlertState state, String tenant, String category, String model, Verdict verdict,
                               long startedAt, long emittedAt, String summary) {
        return Alert.newBuilder()
                .setFingerprint(fingerprint(rule.name(), tenant, category, model))
                .setRule(rule.name())
                .setSeverity(rule.severity())
                .setState(state)
                .setTenant(tenant)
                .setCategory(category)
                .setModel(model)
                .setObservedValue(finite(verdict.value()))
                .setThreshold(finite(verdict.limit()))
                .setWindowSeconds(rule.spanMinutes() * 60L)
                .setStartedAt(Instant.ofEpochMilli(startedAt))
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .setSummary(summary)
                .build();
    }

    private static String subject(String tenant, String category, String model) {
        return model + " (tenant " + tenant + ", " + (CategoryPath.ROOT.equals(category) ? "all categories" : "category " + category) + ")";
    }

    private static String figure(AlertRule rule, Verdict verdict) {
        return rule.signal().id() + " " + rule.signal().format(verdict.value()) + " over the last " + minutes(rule.spanMinutes())
                + " (" + verdict.samples() + " " + rule.signal().samplesNoun() + ")";
    }

    private static String breach(AlertRule rule, Verdict verdict) {
        Signal<?> signal = rule.signal();
        if (rule.condition() instanceof AlertRule.Threshold threshold) {
            return "is " + (threshold.above() ? "above " : "below ") + signal.format(threshold.value());
        }
        AlertRule.Anomaly anomaly = (AlertRule.Anomaly) rule.condition();
        Baseline.Spread spread = verdict.spread();
        double deviations = Math.abs(verdict.value() - spread.median()) / Math.abs((verdict.limit() - spread.median()) / anomaly.z());
        return String.format(Locale.ROOT, "is %.1f robust deviations %s its own last %s (median %s over %d min; anomalous %s %s)",
                deviations, signal.higherIsWorse() ? "above" : "below", minutes(anomaly.baselineMinutes()),
                signal.format(spread.median()), spread.size(), signal.higherIsWorse() ? "above" : "below", signal.format(verdict.limit()));
    }

    static String minutes(int minutes) {
        return minutes % 60 == 0 && minutes >= 60 ? minutes / 60 + " h" : minutes + " min";
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
