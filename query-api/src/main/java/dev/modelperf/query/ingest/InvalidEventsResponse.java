package dev.modelperf.query.ingest;

import java.util.List;

/**
 * The 400 answer to a request with an invalid event, or the 422 answer to one with an event past its
 * tenant's limits: every error, and that none of the batch was accepted.
 */
public record InvalidEventsResponse(int status, String error, int accepted, List<FieldError> errors) {

    public static InvalidEventsResponse of(List<FieldError> errors) {
        return new InvalidEventsResponse(400, "invalid_events", 0, List.copyOf(errors));
    }

    /**
     * 422, not 400: each event is valid by itself; it is the tenant's state (names already admitted)
     * that refuses it, and sending it again will not help until the limit is raised.
     */
    public static InvalidEventsResponse limitReached(List<FieldError> errors) {
        return new InvalidEventsResponse(422, "limit_reached", 0, List.copyOf(errors));
    }
}
