package dev.modelperf.streams.cascade;

import dev.modelperf.events.RoutingOutcome;

/** What the cascade join emits: a fact for the figures, or an outcome refused (its reason is in the record's DLQ headers). */
record JoinResult(CascadeFact fact, RoutingOutcome refused) {

    static JoinResult of(CascadeFact fact) {
        return new JoinResult(fact, null);
    }

    static JoinResult refused(RoutingOutcome outcome) {
        return new JoinResult(null, outcome);
    }

    boolean isFact() {
        return fact != null;
    }
}
