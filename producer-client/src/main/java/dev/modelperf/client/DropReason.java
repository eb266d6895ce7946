package dev.modelperf.client;

/** Why an accepted event was never handed to Kafka. */
public enum DropReason {
    /** The buffer was full; which event went depends on the {@link OverflowPolicy}. */
    BUFFER_FULL,
    /** The client was closed, and its close timeout passed, before the event could be sent. */
    CLOSED
}
