package dev.modelperf.toolbox.decisions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters a replay sends to {@code GET /api/v1/recommendation}. Only what the user gave is
 * sent ({@code mode}, {@code objective}, {@code floor}, {@code margin}), so the server's defaults
 * stay the server's; with {@code mode=sample} each request carries its own seed.
 */
public record PolicyOptions(String priority, String window, Optional<String> mode, Optional<String> objective,
                            Optional<Double> floor, Optional<Double> margin) {

    public boolean sampling() {
        return mode.filter("sample"::equals).isPresent();
    }

    /** The query string for one request; {@code requestSeed} is sent only when sampling. */
    String query(String tenant, String category, long requestSeed) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tenant", tenant);
        params.put("category", category);
        params.put("window", window);
        params.put("priority", priority);
        mode.ifPresent(value -> params.put("mode", value));
        if (sampling()) {
            params.put("seed", Long.toString(requestSeed));
        }
        objective.ifPresent(value -> params.put("objective", value));
        floor.ifPresent(value -> params.put("floor", Double.toString(value)));
        margin.ifPresent(value -> params.put("margin", Double.toString(value)));
        StringBuilder query = new StringBuilder();
        params.forEach((key, value) -> query.append(query.isEmpty() ? "" : "&").append(key).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }

    /** A distinct, reproducible seed for request {@code index} of a replay seeded {@code seed} (SplitMix64 finaliser). */
    static long requestSeed(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
