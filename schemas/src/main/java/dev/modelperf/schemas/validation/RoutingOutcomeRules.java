package dev.modelperf.schemas.validation;

import dev.modelperf.events.RoutingOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The rules a {@link RoutingOutcome} must satisfy, shared by the producer client, HTTP ingest and the pipeline. */
public final class RoutingOutcomeRules {

    private final long maxFutureSkewMs;

    /** {@code maxFutureSkew}: how far past "now" an event's timestamp may lie (clock skew allowance). */
    public RoutingOutcomeRules(Duration maxFutureSkew) {
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
    }

    /** Every rule {@code outcome} breaks, judged at wall-clock time {@code nowMs}; empty when valid. */
    public List<Violation> check(RoutingOutcome outcome, long nowMs) {
        List<Violation> violations = new ArrayList<>();
        FieldChecks.text(violations, "eventId", outcome.getEventId(), ModelCallRules.MAX_ID_LENGTH);
        FieldChecks.timestamp(violations, outcome.getTimestamp(), nowMs, maxFutureSkewMs);
        FieldChecks.tenant(violations, outcome.getTenant());
        FieldChecks.text(violations, "decisionId", outcome.getDecisionId(), ModelCallRules.MAX_ID_LENGTH);
        FieldChecks.optionalText(violations, "correctTarget", outcome.getCorrectTarget(), ModelCallRules.MAX_NAME_LENGTH);
        Double quality = outcome.getQualityScore();
        if (quality != null && !(quality >= 0 && quality <= 1)) {
            violations.add(new Violation("qualityScore", "must be a finite number between 0 and 1 (was " + quality + ")"));
        }
        return violations;
    }
}
