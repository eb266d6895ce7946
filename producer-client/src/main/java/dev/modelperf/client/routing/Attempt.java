package dev.modelperf.client.routing;

import dev.modelperf.events.CallStatus;

/** One call the router made: the model, how it ended, how long it took, and the error type when it failed. */
public record Attempt(String model, CallStatus status, long latencyMs, String errorType) {
}
