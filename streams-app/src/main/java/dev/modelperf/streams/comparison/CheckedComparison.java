package dev.modelperf.streams.comparison;

import dev.modelperf.events.Comparison;

/** A consumed comparison after validation: the decoded event, or its original bytes with the reason they were refused. */
record CheckedComparison(Comparison comparison, byte[] raw, String rejection) {

    static CheckedComparison accepted(Comparison comparison) {
        return new CheckedComparison(comparison, null, null);
    }

    static CheckedComparison rejected(byte[] raw, String reason) {
        return new CheckedComparison(null, raw, reason);
    }

    boolean isAccepted() {
        return rejection == null;
    }
}
