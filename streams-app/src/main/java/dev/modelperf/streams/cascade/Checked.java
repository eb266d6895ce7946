package dev.modelperf.streams.cascade;

/** A consumed routing event after validation: the decoded event, or its original bytes with the reason they were refused. */
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
