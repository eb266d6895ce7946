package dev.modelperf.query.alerts;

import dev.modelperf.events.Alert;
import java.time.Instant;

/** An Alert as JSON: the HTTP API and {@code modelperf alerts --json} both print this shape. */
public record AlertView(String fingerprint, String rule, String severity, String state, String tenant, String category, String model,
                        Double observedValue, Double threshold, Long windowSeconds, Instant startedAt, Instant emittedAt,
                        String summary) {

    public static AlertView of(Alert alert) {
        return new AlertView(alert.getFingerprint(), alert.getRule(), alert.getSeverity().name(), alert.getState().name(),
                alert.getTenant(), alert.getCategory(), alert.getModel(), alert.getObservedValue(), alert.getThreshold(),
                alert.getWindowSeconds(), alert.getStartedAt(), alert.getEmittedAt(), alert.getSummary());
    }
}
