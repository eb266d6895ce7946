package dev.modelperf.streams.validate;

import dev.modelperf.events.ModelCall;

/**
 * A consumed call after validation: either the decoded call, or the original bytes with the
 * reason they were refused (bound for the DLQ unchanged, so they can be replayed once fixed).
 */
public record CheckedCall(ModelCall call, byte[] raw, String rejection) {

    public static CheckedCall accepted(ModelCall call) {
        return new CheckedCall(call, null, null);
    }

    public static CheckedCall rejected(byte[] raw, String reason) {
        return new CheckedCall(null, raw, reason);
    }

    public boolean isAccepted() {
        return rejection == null;
    }
}
