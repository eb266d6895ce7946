package dev.modelperf.streams.alert;

import java.time.Duration;

/**
 * The alert rules and how long resolved alerts stay readable.
 *
 * @param rules             the rules judged on every closed minute
 * @param resolvedRetention how long a resolved alert stays in the alerts store
 */
public record AlertSettings(AlertRules rules, Duration resolvedRetention) {

    /** The built-in rules and the default of {@code alerts.resolved.retention}. */
    public static AlertSettings defaults() {
        return new AlertSettings(AlertRules.load(null), Duration.ofDays(7));
    }

    public AlertSettings withRules(AlertRules replacement) {
        return new AlertSettings(replacement, resolvedRetention);
    }
}
