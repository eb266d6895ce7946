package dev.modelperf.streams.limit;

/** Attributed feedback or a judgment after the names check: to be counted, or refused with the reason. */
record NameCheckVerdict<V>(V attributed, String refusal) {

    boolean admitted() {
        return refusal == null;
    }
}
