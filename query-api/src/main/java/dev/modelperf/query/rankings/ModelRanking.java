package dev.modelperf.query.rankings;

import dev.modelperf.events.CallStatus;
import java.util.Map;

/** One model's figures over the queried span, as the rankings endpoint answers them. */
public record ModelRanking(
        String model,
        long count,
        long successes,
        double successRate,
        Map<CallStatus, Long> failures,
        Latency latencyMs,
        long inputTokens,
        long outputTokens,
        double costUsd,
        Double costPerCallUsd) {

    /** Latency percentiles, each within 1 % of the true value. */
    public record Latency(double p50, double p95, double p99) {
    }
}
