package dev.modelperf.streams.cascade;

import dev.modelperf.events.RoutingDecision;
import dev.modelperf.events.RoutingOutcome;

/** What the cascade join consumes, keyed by decision id: a decision, or an outcome. */
record JoinInput(RoutingDecision decision, RoutingOutcome outcome) {

    static JoinInput of(RoutingDecision decision) {
        return new JoinInput(decision, null);
    }

    static JoinInput of(RoutingOutcome outcome) {
        return new JoinInput(null, outcome);
    }
}
