package dev.modelperf.query.ingest;

/** One broken rule of one event in a request: its position in the batch (0 for a single event), field and rule. */
public record FieldError(int index, String field, String message) {
}
