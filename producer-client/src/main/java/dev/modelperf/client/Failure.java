package dev.modelperf.client;

import dev.modelperf.events.CallStatus;

/**
 * A failed call as ModelPerf records it: its status, the OpenTelemetry {@code error.type} (an
 * HTTP status code or an exception's class name) and a message, truncated to fit the event.
 */
public record Failure(CallStatus status, String errorType, String message) {

    public Failure {
        if (status == null || status == CallStatus.OK) {
            throw new IllegalArgumentException("a failure needs a status other than OK (was " + status + ")");
        }
    }
}
