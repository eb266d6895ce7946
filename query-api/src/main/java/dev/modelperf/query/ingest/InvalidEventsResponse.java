package dev.modelperf.query.ingest;

import java.util.List;

/** The 400 answer to a request with an invalid event: every error, and that none of the batch was accepted. */
public record InvalidEventsResponse(int status, String error, int accepted, List<FieldError> errors) {

    public static InvalidEventsResponse of(List<FieldError> errors) {
        return new InvalidEventsResponse(400, "invalid_events", 0, List.copyOf(errors));
    }
}
