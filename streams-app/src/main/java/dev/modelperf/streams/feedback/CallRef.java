package dev.modelperf.streams.feedback;

/**
 * What feedback needs to know of its call, a few dozen bytes instead of the whole call: which
 * aggregate it belongs to and the call's event time (feedback counts in the call's windows).
 */
public record CallRef(String tenant, String category, String model, long timestampMs) {
}
