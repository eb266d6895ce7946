package dev.modelperf.query.ingest;

import java.util.List;

/** The 202 answer: how many events the broker acknowledged, and their event ids in request order (generated where absent). */
public record AcceptedResponse(int accepted, List<String> eventIds) {
}
