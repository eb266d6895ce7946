package dev.modelperf.client;

/** Completes the future of an event the client had to drop; {@link #reason()} says why. */
public class DroppedEventException extends RuntimeException {

    private final DropReason reason;

    public DroppedEventException(DropReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
