package dev.modelperf.streams.validate;

/**
 * A consumed event after validation: either the decoded event, or the original bytes with the
 * reason they were refused (bound for the DLQ unchanged, so they can be replayed once fixed).
 */
public record Checked<T>(T event, byte[] raw, String rejection) {

    public static <T> Checked<T> accepted(T event) {
        return new Checked<>(event, null, null);
    }

    public static <T> Checked<T> rejected(byte[] raw, String reason) {
        return new Checked<>(null, raw, reason);
    }

    public boolean isAccepted() {
        return rejection == null;
    }
}
