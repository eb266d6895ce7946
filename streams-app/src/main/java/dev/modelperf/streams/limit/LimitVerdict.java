package dev.modelperf.streams.limit;

import dev.modelperf.events.ModelCall;

/** A call with new names after the tenant's limits judged it: admitted, or refused with the reason. */
record LimitVerdict(ModelCall call, String refusal) {

    boolean admitted() {
        return refusal == null;
    }
}
