package dev.modelperf.streams.limit;

import dev.modelperf.events.ModelCall;

/** A call after the gate: {@code known} when its tenant's limits admitted its model and category before. */
record GatedCall(ModelCall call, boolean known) {
}
