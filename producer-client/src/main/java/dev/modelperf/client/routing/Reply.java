package dev.modelperf.client.routing;

/**
 * What a model's answer gives the router to record with the call: the value the caller wants, and
 * tokens, cost and a quality score when known (null: not reported; cost is then estimated by the
 * server's price table).
 */
public record Reply<T>(T value, long inputTokens, long outputTokens, Double costUsd, Double qualityScore) {

    public static <T> Reply<T> of(T value) {
        return new Reply<>(value, 0, 0, null, null);
    }

    public static <T> Reply<T> of(T value, long inputTokens, long outputTokens) {
        return new Reply<>(value, inputTokens, outputTokens, null, null);
    }

    public Reply<T> costUsd(double costUsd) {
        return new Reply<>(value, inputTokens, outputTokens, costUsd, qualityScore);
    }

    public Reply<T> qualityScore(double qualityScore) {
        return new Reply<>(value, inputTokens, outputTokens, costUsd, qualityScore);
    }
}
