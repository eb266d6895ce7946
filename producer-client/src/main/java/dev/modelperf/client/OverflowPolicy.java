package dev.modelperf.client;

/**
 * What {@link ModelPerfClient} does with a new event when its in-memory buffer is full (the broker
 * is slow or unreachable). Whatever the policy, a dropped event is never silent: its future fails
 * with {@link DroppedEventException}, the {@code modelperf.client.dropped} counter counts it and
 * the {@link DropListener} hears of it.
 */
public enum OverflowPolicy {
    /** Drop the oldest buffered event to make room (the default): recent events describe the present best. */
    DROP_OLDEST,
    /** Refuse the new event and keep what is buffered. */
    DROP_NEWEST,
    /**
     * Make the caller wait for room, up to the builder's {@code maxBlock}, then refuse the event.
     * For batch jobs and load generators, never for a request path.
     */
    BLOCK
}
